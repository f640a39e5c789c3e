import StapleCore

/// How one client attempt ended, as the client experienced it: only what is not in its trace
/// events. The status it settled on and where from (`client.status-decided`), whether a staple
/// came (`tls.staple-received`), the negotiated version (`tls.handshake-complete`) and the local
/// address the front door saw as its peer (`tcp.connected`'s endpoints) travel by
/// the connection's typed events alone; read them there (as the engine's record folder does).
public struct ConnectionResult: Sendable {
    /// The attempt's connection identifier (its trace events carry it).
    public var connection: ConnectionID
    /// The site asked for.
    public var site: String
    /// connected, soft-fail, hard-fail or error.
    public var outcome: HandshakeRecord.Outcome
    /// What went wrong, if anything.
    public var error: String
}

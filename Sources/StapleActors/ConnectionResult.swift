import StapleCore
import StapleTLS

/// How one client attempt ended, as the client experienced it.
public struct ConnectionResult: Sendable {
    /// The attempt's connection identifier (its trace events carry it).
    public var connection: ConnectionID
    /// The site asked for.
    public var site: String
    /// connected, soft-fail, hard-fail or error.
    public var outcome: HandshakeRecord.Outcome
    /// Whether the server stapled a response.
    public var stapled: Bool
    /// The status the client settled on (`good`, `revoked`, `none`, …).
    public var status: String
    /// Where the status came from (`staple`, `fetched`, `cached`, or empty).
    public var statusSource: String
    /// What went wrong, if anything.
    public var error: String
    /// The negotiated TLS version.
    public var version: TLSVersion?
    /// The client's local address (`IP:port`) of the TLS connection.
    public var localAddress: String
    /// HTTP response bytes received.
    public var responseBytes: Int
}

/// What one client connection's own events say about how it ended: the status it settled on,
/// whether a staple came, the negotiated version, the client's verdict. Each fact has one
/// carrier, a typed event; this only reads them (the record folder, its tests and the actors'
/// tests alike), so nothing else needs to carry them.
public struct ConnectionFacts: Sendable, Hashable {
    /// The status the client settled on (`good`, `revoked`, `unreachable:timeout` …), from its
    /// last `client.status-decided` event; `none` without one.
    public var status = "none"
    /// Where that status came from (`staple`, `fetched`, `cached`, or empty).
    public var statusSource = ""
    /// Whether the server stapled (a `tls.staple-received` event).
    public var stapled = false
    /// The negotiated version's name (`TLSv1.3`) the client reported (`tls.handshake-complete`,
    /// or a real client's `client.tls-version-reported`); empty without one.
    public var tlsVersion = ""
    /// Whether the client's certificate-status check accepted (`tls.verify-end`); nil when it did not run.
    public var accepted: Bool?
    /// The check's note or reason (`good`, `no staple`, `soft-fail: …`, `revoked (…)`); empty when it did not run.
    public var verdict = ""

    /// Reads the facts from one connection's events (any order: the last of each kind in time wins).
    public init(_ events: [TraceEvent]) {
        for event in events.sorted(by: { $0.time < $1.time }) {
            switch (event.kind, event.payload) {
            case (.statusDecided, .status(let status, let source)):
                self.status = status
                self.statusSource = source
            case (.stapleReceived, _):
                stapled = true
            case (.handshakeComplete, .handshake(let version, _)), (.tlsVersionReported, .handshake(let version, _)):
                if !version.isEmpty { tlsVersion = version }
            case (.verifyEnd, .decision(let accepted, let note)):
                self.accepted = accepted
                verdict = note
            default:
                break
            }
        }
    }
}

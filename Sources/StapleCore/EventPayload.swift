/// The typed facts of a `TraceEvent`, for other modules to read (its `detail` is only for people).
public enum EventPayload: Hashable, Sendable, Codable {
    /// Nothing beyond the kind, time and bytes.
    case none
    /// A message a front door saw crossing it (kind `wire.message`).
    case wire(WireEvent)
    /// The two ends of a socket as this party saw them (`ip:port`): its own (`local`) and the
    /// other's (`remote`). A client's `tcp.connected` and a link's `link.accepted` carry them.
    case endpoints(local: String?, remote: String?)
    /// What a server read in a ClientHello (kind `tls.client-hello-received`): the SNI, whether
    /// the client asked for a staple (status_request), and the client's `ip:port`.
    case clientHello(serverName: String?, statusRequested: Bool, peer: String)
    /// The status a verified OCSP response gave (`good`, `revoked`, `unknown`) or why it was
    /// rejected (kind `ocsp.response-verified`).
    case ocspVerdict(status: String)
    /// How an OCSP (or CRL) fetch ended (kinds `ocsp.fetch-end`, `crl.fetch-end`).
    case fetch(FetchOutcome)
    /// What the responder answered to whom (kind `ocsp.response-sent`): the requester's
    /// `ip:port` and the answer (`good`, `revoked`, `unknown`, `tryLater`, …).
    case responderAnswer(requester: String, answer: String)
    /// The status a client settled on for a connection and where it came from (kind
    /// `client.status-decided`): `good`, `revoked`, `none`, `unreachable:…` …, and `staple`,
    /// `fetched`, `cached` or empty. The one carrier of a row's `ocsp_status`.
    case status(String, source: String)
    /// What a completed handshake negotiated (kind `tls.handshake-complete`, or a real client's
    /// `client.tls-version-reported`): the version's name (`TLSv1.3`) and the cipher suite (empty
    /// when unknown). The one carrier of a row's `tls_version` when the wire saw no ServerHello.
    case handshake(version: String, cipher: String)
    /// How a client's certificate-status check ended (kind `tls.verify-end`): accepted or not,
    /// and the policy's note or reason (`good`, `no staple`, `soft-fail: …`, `revoked (…)`).
    case decision(accepted: Bool, note: String)
}

extension EventPayload {
    /// The same facts with every instant in them moved by `nanoseconds` (clamped at zero): how a
    /// file stores them relative to its own anchor.
    public func shifted(by nanoseconds: Int64) -> EventPayload {
        func move(_ instant: Instant) -> Instant {
            Instant(nanoseconds: UInt64(max(0, Int64(clamping: instant.nanoseconds) &+ nanoseconds)))
        }
        guard case .wire(var event) = self else { return self }
        event.sentAt = move(event.sentAt)
        event.deliveredAt = event.deliveredAt.map(move)
        return .wire(event)
    }
}

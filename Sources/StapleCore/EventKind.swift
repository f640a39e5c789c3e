/// What happened, in a `TraceEvent`. An open set: each layer names the events it emits.
///
/// The raw value is the stable name written to `events.csv`.
public struct EventKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The stable name, e.g. `tls.client-hello-sent`.
    public var rawValue: String
    /// Wraps a name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps a name.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// The stable name.
    public var description: String { rawValue }
}

// MARK: - A client's attempt
extension EventKind {
    /// A client starts one attempt (DNS, TCP, TLS, request): time to first byte counts from here.
    public static let attemptStart = EventKind("client.attempt-start")
    /// A client's attempt ended (detail: outcome).
    public static let attemptEnd = EventKind("client.attempt-end")
    /// The client settled on the connection's certificate status (payload `.status`), just before its attempt ended.
    public static let statusDecided = EventKind("client.status-decided")
    /// A real client program reported the TLS version in its own output (payload `.handshake`,
    /// cipher empty): the row's `tls_version` when its front door saw no ServerHello.
    public static let tlsVersionReported = EventKind("client.tls-version-reported")
}

// MARK: - TCP (client and server ends)
extension EventKind {
    /// The client starts connecting (before `connect`).
    public static let tcpConnectStart = EventKind("tcp.connect-start")
    /// The client's socket is connected (the kernel's handshake, or the link's emulated one ended).
    public static let tcpConnected = EventKind("tcp.connected")
    /// A server accepted a connection.
    public static let tcpAccepted = EventKind("tcp.accepted")
    /// A connection closed.
    public static let tcpClosed = EventKind("tcp.closed")
    /// A server restarted (its in-memory staple caches are gone).
    public static let serverRestarted = EventKind("server.restarted")
}

// MARK: - TLS
extension EventKind {
    /// The client wrote its ClientHello.
    public static let clientHelloSent = EventKind("tls.client-hello-sent")
    /// The server read a ClientHello (detail: SNI and whether status was requested).
    public static let clientHelloReceived = EventKind("tls.client-hello-received")
    /// The server attached a staple to its handshake (bytes: its DER size).
    public static let stapleSent = EventKind("tls.staple-sent")
    /// The server sent no staple (detail: why).
    public static let stapleNotSent = EventKind("tls.staple-not-sent")
    /// The client holds the server's certificate chain.
    public static let certificateReceived = EventKind("tls.certificate-received")
    /// The client received a staple (bytes: its DER size).
    public static let stapleReceived = EventKind("tls.staple-received")
    /// The client asked for a staple and got none.
    public static let stapleAbsent = EventKind("tls.staple-absent")
    /// The client starts deciding on the certificate's status.
    public static let verifyStart = EventKind("tls.verify-start")
    /// The client paused the handshake to ask a responder itself.
    public static let verifyPaused = EventKind("tls.verify-paused")
    /// The client resumed the handshake after its own OCSP check.
    public static let verifyResumed = EventKind("tls.verify-resumed")
    /// The client decided (detail: the decision).
    public static let verifyEnd = EventKind("tls.verify-end")
    /// The handshake completed on this end.
    public static let handshakeComplete = EventKind("tls.handshake-complete")
    /// The handshake failed on this end (detail: why).
    public static let handshakeFailed = EventKind("tls.handshake-failed")
    /// The first application bytes were written (the client's HTTP request).
    public static let requestSent = EventKind("app.request-sent")
    /// The first application byte arrived (time to first byte ends here).
    public static let firstByte = EventKind("app.first-byte")
}

// MARK: - OCSP and DNS
extension EventKind {
    /// A party starts an OCSP fetch (detail: URL and method).
    public static let ocspFetchStart = EventKind("ocsp.fetch-start")
    /// An OCSP fetch ended (detail: outcome).
    public static let ocspFetchEnd = EventKind("ocsp.fetch-end")
    /// The responder received a request.
    public static let ocspRequestReceived = EventKind("ocsp.request-received")
    /// The responder sent a response (detail: status).
    public static let ocspResponseSent = EventKind("ocsp.response-sent")
    /// A party sent a DNS query (detail: name).
    public static let dnsQuerySent = EventKind("dns.query-sent")
    /// A party received a DNS answer (detail: name and address or error).
    public static let dnsAnswerReceived = EventKind("dns.answer-received")
    /// The resolver received a query.
    public static let dnsQueryReceived = EventKind("dns.query-received")
}

// MARK: - Links
extension EventKind {
    /// A link accepted a connection from a party (TCP), or a party's first datagram opened a session (UDP).
    public static let linkAccepted = EventKind("link.accepted")
    /// The link's emulated TCP handshake (one extra round trip) ended.
    public static let linkHandshakeEmulated = EventKind("link.tcp-handshake-emulated")
    /// A link injected a fault (detail: which).
    public static let linkFault = EventKind("link.fault")
    /// A front door saw a message cross it (payload: the `WireEvent`; time: its `sentAt`).
    public static let wireMessage = EventKind("wire.message")
    /// A tap read something in clear (detail: what).
    public static let tapObserved = EventKind("tap.observed")
}

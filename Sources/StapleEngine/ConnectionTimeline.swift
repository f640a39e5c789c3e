import StapleCore

/// One client connection, folded once from the two places that saw it: the client's own events
/// (when the client is ours) and the client→server front door's ``WireTimeline`` (always). Each
/// phase says which of the two it was read from.
///
/// The client's events know what only an endpoint can (when its handshake call returned, its
/// OCSP verdict); the wire knows every endpoint the same way. A phase is read from the wire where
/// the endpoint is not ours — today the TLS handshake with nginx or Apache, tomorrow every phase
/// of a real client, which has no events of its own.
public struct ConnectionTimeline: Sendable {
    /// Where a phase was read from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The client actor's own events.
        case client
        /// The front door's wire events.
        case wire
        /// A real program's own doors (a real client has no events of its own; its doors tell
        /// when its bytes crossed, as the front door's wire does).
        case door
    }

    /// One phase: from `start` to `end`, read from `source`.
    public struct Phase: Sendable, Hashable {
        /// When it started.
        public var start: Instant
        /// When it ended.
        public var end: Instant
        /// Where it was read from.
        public var source: Source

        /// Its length in milliseconds.
        public var milliseconds: Double { end.milliseconds(since: start) }
    }

    /// The client's events of this connection, in time order (empty for a client that is not ours).
    public var clientEvents: [TraceEvent]
    /// What the client→server front door saw, when found.
    public var wire: WireTimeline?
    /// The TCP connect: the client's `connect` start to the link releasing the first bytes (its
    /// emulated handshake), else the client's connected socket.
    public var tcp: Phase?
    /// The TLS handshake: ClientHello (not before the TCP phase ended) to the client's handshake end
    /// (from the wire: ``WireTimeline/clientReadyAt``, else the first alert, else the last message).
    public var tls: Phase?
    /// Time to first byte as the wire tells: the client's attempt start to the server's first
    /// response record being released to the client (``WireTimeline/firstResponse(serverTickets:)``,
    /// which skips a TLS 1.3 server's session tickets). Nil without an attempt start or a response.
    public var wireTTFB: Phase?

    /// Folds a connection: `tlsFromWire` reads the TLS phase from the wire (the server is not
    /// ours); `serverTickets`: how many TLS 1.3 session tickets the server sends (0 for the
    /// built-in server, ``WireTimeline/openSSLDefaultTickets`` for nginx and Apache).
    public init(clientEvents: [TraceEvent], wire: WireTimeline?, tlsFromWire: Bool, serverTickets: Int = 0) {
        let events = clientEvents.sorted { $0.time < $1.time }
        self.clientEvents = events
        self.wire = wire
        func first(_ kind: EventKind) -> Instant? { events.first { $0.kind == kind }?.time }
        let tcpEnd = wire?.tcpHandshakeEndedAt ?? first(.tcpConnected)
        if let start = first(.tcpConnectStart), let tcpEnd, tcpEnd >= start {
            tcp = Phase(start: start, end: tcpEnd, source: wire?.tcpHandshakeEndedAt != nil ? .wire : .client)
        }
        if tlsFromWire, let hello = wire?.clientHello?.sentAt,
           let end = wire?.clientReadyAt ?? wire?.alerts.first?.sentAt ?? wire?.messages.last?.sentAt {
            let start = [hello, tcpEnd].compactMap { $0 }.max()!
            if end >= start { tls = Phase(start: start, end: end, source: .wire) }
        } else if let hello = first(.clientHelloSent), let end = first(.handshakeComplete) ?? first(.handshakeFailed) {
            let start = [hello, tcpEnd].compactMap { $0 }.max()!
            if end >= start { tls = Phase(start: start, end: end, source: .client) }
        }
        if let start = first(.attemptStart), let end = wire?.firstResponse(serverTickets: serverTickets)?.deliveredAt,
           end >= start {
            wireTTFB = Phase(start: start, end: end, source: .wire)
        }
    }

    /// The negotiated version (`TLSv1.3`) as the wire saw it, or empty.
    public var wireVersion: String { wire?.versionName ?? "" }

    /// The client's local `ip:port` from its `tcp.connected` event: the peer its front door saw.
    public static func localAddress(of clientEvents: [TraceEvent]) -> String? {
        for event in clientEvents where event.kind == .tcpConnected {
            if case .endpoints(let local, _) = event.payload { return local }
        }
        return nil
    }
}

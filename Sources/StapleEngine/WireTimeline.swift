import StapleCore

/// What one front door saw of one connection through it, in the order it crossed: everything a
/// passive observer knows about that connection, whoever its endpoints are (a built-in actor,
/// nginx, Apache, curl, a browser).
///
/// This is the API for measuring a connection whose endpoint is not ours: find the connection
/// with ``timelines(in:)`` or ``timelines(peer:in:)`` (a client's source `ip:port`, as the link
/// saw it), then read its messages or the derived instants (``clientHello``, ``serverHello``,
/// ``handshakeEnd``, ``firstRequest``, ``firstResponse(serverTickets:)``). Times are on the run's monotonic
/// clock: `sentAt` is when a message's first byte reached the front door from its sender,
/// `deliveredAt` when the link released it to the other end after the injected delays.
public struct WireTimeline: Sendable, Hashable {
    /// The link's spec name (`client-server`): the party `.link(name)` of its events.
    public var link: String
    /// The link's own id for this connection (not the client's).
    public var connection: ConnectionID
    /// The connecting party's `ip:port`, as the link saw it.
    public var peer: String?
    /// When the link accepted the connection.
    public var acceptedAt: Instant?
    /// When the link's emulated TCP handshake ended (the first bytes were let through), if emulated.
    public var tcpHandshakeEndedAt: Instant?
    /// The messages, in the order they crossed (by `sentAt`; ties in recorded order).
    public var messages: [WireEvent]

    /// Makes a timeline from its parts (messages are put in crossing order).
    public init(link: String, connection: ConnectionID, peer: String? = nil, acceptedAt: Instant? = nil,
                tcpHandshakeEndedAt: Instant? = nil, messages: [WireEvent]) {
        self.link = link
        self.connection = connection
        self.peer = peer
        self.acceptedAt = acceptedAt
        self.tcpHandshakeEndedAt = tcpHandshakeEndedAt
        self.messages = messages.enumerated().sorted { ($0.element.sentAt, $0.offset) < ($1.element.sentAt, $1.offset) }
            .map(\.element)
    }

    /// One timeline per link connection found in `events`, in the order the links accepted them.
    public static func timelines(in events: [TraceEvent]) -> [WireTimeline] {
        var byConnection: [ConnectionID: WireTimeline] = [:]
        var order: [ConnectionID] = []
        for event in events where event.party.role == .link && event.connection != .none {
            if byConnection[event.connection] == nil {
                byConnection[event.connection] = WireTimeline(link: event.party.name, connection: event.connection, messages: [])
                order.append(event.connection)
            }
            switch event.kind {
            case .linkAccepted:
                byConnection[event.connection]!.acceptedAt = event.time
                if case .endpoints(_, let remote) = event.payload { byConnection[event.connection]!.peer = remote }
            case .linkHandshakeEmulated:
                byConnection[event.connection]!.tcpHandshakeEndedAt = event.time
            case .wireMessage:
                if let wire = event.wire { byConnection[event.connection]!.messages.append(wire) }
            default:
                break
            }
        }
        return order.compactMap { id in
            byConnection[id].map { WireTimeline(link: $0.link, connection: $0.connection, peer: $0.peer,
                                                acceptedAt: $0.acceptedAt, tcpHandshakeEndedAt: $0.tcpHandshakeEndedAt,
                                                messages: $0.messages) }
        }.sorted { ($0.acceptedAt ?? $0.messages.first?.sentAt ?? Instant(nanoseconds: 0))
                   < ($1.acceptedAt ?? $1.messages.first?.sentAt ?? Instant(nanoseconds: 0)) }
    }

    /// The timelines of the connections the party at `peer` (`ip:port`) opened, in accept order
    /// (a port may be reused by later connections).
    public static func timelines(peer: String, in events: [TraceEvent]) -> [WireTimeline] {
        timelines(in: events).filter { $0.peer == peer }
    }

    // MARK: - Reading it

    /// The first message in `direction` that satisfies `matches`.
    public func first(_ direction: WireDirection, where matches: (WireMessage) -> Bool) -> WireEvent? {
        messages.first { $0.direction == direction && matches($0.message) }
    }

    /// The client's first ClientHello.
    public var clientHello: WireEvent? {
        first(.forward) { if case .tlsClientHello = $0 { true } else { false } }
    }

    /// The server's ServerHello (not a HelloRetryRequest).
    public var serverHello: WireEvent? {
        first(.backward) { if case .tlsServerHello(_, false) = $0 { true } else { false } }
    }

    /// The version the ServerHello selected (`0x0304` for TLS 1.3).
    public var version: UInt16? {
        if case .tlsServerHello(let version, _)? = serverHello?.message { return version }
        return nil
    }

    /// The negotiated version as `TLSVersion` spells it (`TLSv1.3`), or empty before a ServerHello.
    public var versionName: String { version.map(WireMessage.versionName) ?? "" }

    /// The application-data records in `direction`, in order.
    public func applicationData(_ direction: WireDirection) -> [WireEvent] {
        messages.filter { $0.direction == direction && { if case .tlsApplicationData = $0 { true } else { false } }($0.message) }
    }

    /// The client's Finished: TLS 1.2's encrypted Finished after its ChangeCipherSpec; in TLS 1.3
    /// the client's first application-data record (nothing else precedes it without client certificates).
    public var clientFinished: WireEvent? {
        if version == 0x0304 { return applicationData(.forward).first }
        return first(.forward) { $0 == .tlsEncryptedFinished }
    }

    /// The server's Finished in TLS 1.2 (its encrypted Finished); `nil` in TLS 1.3, where it is
    /// hidden inside the server's encrypted flight.
    public var serverFinished: WireEvent? {
        version == 0x0304 ? nil : first(.backward) { $0 == .tlsEncryptedFinished }
    }

    /// When the client's handshake was complete, as the wire tells: TLS 1.3, when its Finished
    /// left it (it writes its Finished once it accepted the server's); TLS 1.2, the later of its
    /// Finished leaving and the server's Finished reaching it. `nil` when the handshake never got there.
    public var handshakeEnd: Instant? {
        guard let client = clientFinished else { return nil }
        if version == 0x0304 { return client.sentAt }
        guard let server = serverFinished?.deliveredAt else { return nil }
        return max(client.sentAt, server)
    }

    /// When the client was ready to use the connection, as the wire tells: its first request
    /// record leaving it (a client sends its request as soon as its handshake call returns), else
    /// ``handshakeEnd``. The protocol's end alone is not enough: a TLS 1.2 client may send its
    /// Finished and receive the server's while it still checks the certificate's status
    /// (OpenSSL with a paused verification does), and only its request shows that it is done.
    public var clientReadyAt: Instant? { firstRequest?.sentAt ?? handshakeEnd }

    /// The client's first request record: TLS 1.3's second client application-data record,
    /// TLS 1.2's first.
    public var firstRequest: WireEvent? {
        let records = applicationData(.forward)
        return version == 0x0304 ? records.dropFirst().first : records.first
    }

    /// How many NewSessionTicket records an OpenSSL server sends after a full TLS 1.3 handshake
    /// unless told otherwise (`SSL_CTX_set_num_tickets`' default): nginx 1.22 and Apache 2.4 as
    /// configured here (session tickets on by default) send 2, each in its own record of one
    /// size (seen with `openssl s_client -msg` against nginx 1.22.1, and on the wire by
    /// `WireTicketTests`: 282 B for nginx, 298 B for Apache). The built-in server sends none
    /// (`TLSContext` sets `SSL_CTX_set_num_tickets(ctx, 0)`: every handshake is a full one).
    public static let openSSLDefaultTickets = 2

    /// The server's first record of its HTTP response, as a passive observer can place it.
    ///
    /// TLS 1.2: the first server application-data record sent after the first request reached
    /// the server (its tickets travel inside the handshake, before its ChangeCipherSpec).
    ///
    /// TLS 1.3: a NewSessionTicket is an application-data record like the response, and it is
    /// sent as soon as the server has read the client's Finished — which may reach it together
    /// with the request, so timing alone cannot tell them apart. OpenSSL writes its tickets while
    /// completing the handshake, before the application can even read the request, so they are
    /// the server's first `serverTickets` application-data records sent once the client's
    /// Finished reached it; the response is the first of the later ones sent after the request
    /// reached the server. `serverTickets`: 0 for the built-in server,
    /// ``openSSLDefaultTickets`` for nginx and Apache. `nil` before a request or when the
    /// records run out (a refused connection got tickets, never a response).
    public func firstResponse(serverTickets: Int) -> WireEvent? {
        guard let request = firstRequest, let arrived = request.deliveredAt else { return nil }
        var records = applicationData(.backward)
        if version == 0x0304 {
            guard let finished = clientFinished else { return nil }
            let seen = finished.deliveredAt ?? finished.sentAt
            records = Array(records.filter { $0.sentAt >= seen }.dropFirst(max(0, serverTickets)))
        }
        return records.first { $0.sentAt >= arrived }
    }

    /// The alerts, either way.
    public var alerts: [WireEvent] {
        messages.filter { if case .tlsAlert = $0.message { true } else { false } }
    }

    /// The message names in crossing order with their direction (`→ tls.ClientHello`), e.g. to
    /// compare with another tool's decoding.
    public var sequence: [String] { messages.map { "\($0.direction.arrow) \($0.message.name)" } }
}

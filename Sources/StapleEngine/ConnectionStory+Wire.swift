import StapleCore
import StapleReport

extension ConnectionStory {
    /// The lane of the client's resolver in the waterfall.
    static let resolverLane = "DNS Resolver"

    /// The connection as it crossed the front doors, for the waterfall: every message of the
    /// client's own connections during the attempt (its lookups, its TCP and TLS to the site, its
    /// OCSP or CRL exchange) and of the server's fetches opened during it, each from its
    /// sender's lane when it was sent to its receiver's lane when the link delivered it, plus the
    /// emulated TCP handshakes as phases on the connecting party's lane. Times are ms since
    /// `start`; nothing outside the attempt is drawn. Empty when the trace holds no wire events
    /// (an old folder, or a run whose wire budget ran out).
    ///
    /// - Parameters:
    ///   - client: the client's lane; `site`: the site server's; `responder`: the responder's (or the CRL server's).
    static func wireSteps(record: HandshakeRecord, events: [TraceEvent], start: Instant, end: Instant,
                          client: String, site: String, responder: String) -> [WaterfallStep] {
        let clientIP = ConnectionStory.ip(record.clientAddress)
        guard !clientIP.isEmpty else { return [] }
        func ms(_ instant: Instant) -> Double { instant.milliseconds(since: start) }
        var steps: [WaterfallStep] = []
        let window = start ... end
        for timeline in WireTimeline.timelines(in: events) {
            let peerIP = timeline.peer.map(ConnectionStory.ip) ?? ""
            // Whose connection, and which lanes its two ends are.
            let lanes: (from: String, to: String)
            if peerIP == clientIP && timeline.link.hasPrefix("client-server") {
                lanes = (client, site)
            } else if peerIP == clientIP && timeline.link.hasPrefix("client-responder") {
                lanes = (client, responder)
            } else if peerIP == clientIP && timeline.link.hasPrefix("client-resolver") {
                // One datagram session carries every lookup from that address: its messages in the window.
                lanes = (client, ConnectionStory.resolverLane)
            } else if timeline.link.hasPrefix("server-responder") {
                // The server's own fetch during the attempt (inside the handshake for a blocking
                // server or Apache): read from its front door, so nginx's and Apache's too.
                lanes = (site, responder)
            } else {
                continue
            }
            let datagrams = timeline.link.hasPrefix("client-resolver")
            // A TCP connection is drawn when it was opened during the attempt (not the close of an earlier one).
            if !datagrams, !(timeline.acceptedAt.map(window.contains) ?? false) { continue }
            if !datagrams, let accepted = timeline.acceptedAt, let ended = timeline.tcpHandshakeEndedAt, ended > accepted {
                steps.append(WaterfallStep(timeMs: ms(accepted), arrivalMs: ms(ended), from: lanes.from, to: lanes.from,
                                           label: "TCP handshake (emulated)"))
            }
            for message in timeline.messages where window.contains(message.sentAt) {
                let (from, to) = message.direction == .forward ? lanes : (lanes.to, lanes.from)
                steps.append(WaterfallStep(timeMs: ms(message.sentAt), arrivalMs: message.deliveredAt.map(ms),
                                           from: from, to: to, label: ConnectionStory.label(message, in: timeline)))
            }
        }
        // In time order, ties in the order they crossed.
        return steps.enumerated().sorted { ($0.element.timeMs, $0.offset) < ($1.element.timeMs, $1.offset) }.map(\.element)
    }

    /// The server's last OCSP exchange that crossed its front door to the responder (link
    /// `server-responder`) and was answered before `bound`: when the request left the server and
    /// when the HTTP response reached it. The only trace of a real server's (nginx, Apache) fetch.
    static func serverFetchFromWire(_ events: [TraceEvent], before bound: Instant) -> (asked: Instant, answered: Instant)? {
        var last: (asked: Instant, answered: Instant)?
        for timeline in WireTimeline.timelines(in: events) where timeline.link.hasPrefix("server-responder") {
            guard let request = timeline.first(.forward, where: { if case .httpRequest = $0 { true } else { false } }),
                  let response = timeline.first(.backward, where: { if case .httpResponse = $0 { true } else { false } }),
                  let answered = response.deliveredAt, answered <= bound else { continue }
            if last.map({ answered > $0.answered }) ?? true { last = (request.sentAt, answered) }
        }
        return last
    }

    /// `127.0.0.1` of `127.0.0.1:4000` (the text itself when it has no port).
    static func ip(_ address: String) -> String {
        guard let colon = address.lastIndex(of: ":") else { return address }
        return String(address[..<colon])
    }

    /// A message's label in the waterfall: its wire description without the protocol prefix and
    /// the DNS id (`ClientHello sni=example.com`, `query example.com`, `request POST /`). TLS 1.3
    /// records are named as far as their place tells: the server's encrypted handshake records
    /// before the client's Finished (the certificate, and any staple, are inside them: compare
    /// their sizes), the client's Finished and request, then application data.
    static func label(_ event: WireEvent, in timeline: WireTimeline) -> String {
        let message = event.message
        if timeline.version == 0x0304, case .tlsApplicationData(_, let length) = message {
            if event == timeline.clientFinished { return "Finished (encrypted, \(length) B)" }
            if event == timeline.firstRequest { return "HTTP request (encrypted, \(length) B)" }
            if event.direction == .backward, let finished = timeline.clientFinished, event.sentAt < finished.sentAt {
                return "encrypted handshake record (\(length) B)"
            }
            return "application data (\(length) B)"
        }
        var text = message.description
        for prefix in ["tls.", "http.", "dns."] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if case .dnsQuery(let id, _) = message { text = text.replacingOccurrences(of: "id=\(id) ", with: "") }
        if case .dnsAnswer(let id, _, _, _) = message { text = text.replacingOccurrences(of: "id=\(id) ", with: "") }
        return text
    }
}

import StapleCore
import StapleActors
import StapleTLS

/// Folds one mode's trace into one ``HandshakeRecord`` per client attempt.
///
/// Each attempt is first folded into a ``ConnectionTimeline``: the client's own events (same
/// connection id) and the client→server front door's wire events (joined by the client's local
/// address, which the link saw as its peer). TCP and TLS phases are read from it — TLS from the
/// wire when the server is a real program (nginx, Apache) — and the server's events tell of a
/// fetch made inside the handshake.
struct RecordFolder {
    let scenario: Scenario
    let sweepPoint: String
    let mode: Scenario.Mode
    let origin: Instant
    let clock: PolicyClock
    let model: LatencyModel

    /// Events indexed once: the client's by connection, and the links' wire timelines by peer address.
    struct Index {
        var byConnection: [ConnectionID: [TraceEvent]] = [:]
        var wireByPeer: [String: [WireTimeline]] = [:]
        var serverFetches: [(start: Instant, end: Instant)] = []
        var serverRequests: [Instant] = []

        init(_ events: [TraceEvent]) {
            var serverFetchStarts: [Instant] = []
            for event in events {
                switch event.party.role {
                case .client:
                    byConnection[event.connection, default: []].append(event)
                case .server where event.kind == .ocspFetchStart:
                    serverFetchStarts.append(event.time)
                case .server where event.kind == .ocspFetchEnd:
                    if !serverFetchStarts.isEmpty {
                        serverFetches.append((serverFetchStarts.removeFirst(), event.time))
                    }
                default:
                    break
                }
            }
            for key in byConnection.keys { byConnection[key]!.sort { $0.time < $1.time } }
            for timeline in WireTimeline.timelines(in: events) {
                if let peer = timeline.peer { wireByPeer[peer, default: []].append(timeline) }
            }
        }

        /// The front door's timeline of the connection from `peer` opened at or after `start`.
        func wire(peer: String?, from start: Instant?) -> WireTimeline? {
            guard let peer, let candidates = wireByPeer[peer] else { return nil }
            guard let start else { return candidates.first }
            return candidates.first { ($0.acceptedAt ?? start) >= start } ?? candidates.last
        }
    }

    /// `serverRequests`: when the responder received a request from the server (any program:
    /// the built-in server, nginx or Apache, which record no events of their own). A request
    /// that arrived during a handshake means that handshake waited for the server's fetch
    /// when the server fetches inside handshakes (Apache, built-in `blocking`).
    func fold(_ attempts: [(Attempt, ConnectionResult)], events: [TraceEvent],
              serverRequests: [Instant] = []) -> [HandshakeRecord] {
        var index = Index(events)
        index.serverRequests = serverRequests.sorted()
        // The instance names of the clients that are real programs (their phases are seen at their doors).
        let realClients = Set(scenario.clients.filter { $0.kind != .builtin }.flatMap(\.instanceNames))
        return attempts.map { attempt, result in record(attempt, result, index, realClients: realClients) }
    }

    private func record(_ attempt: Attempt, _ result: ConnectionResult, _ index: Index,
                        realClients: Set<String>) -> HandshakeRecord {
        let events = index.byConnection[result.connection] ?? []
        func first(_ kind: EventKind) -> Instant? {
            events.first { $0.kind == kind }?.time
        }
        func before(_ bound: Instant?, _ kind: EventKind) -> Instant? {
            events.first { event in event.kind == kind && (bound.map { event.time <= $0 } ?? true) }?.time
        }
        func ms(_ from: Instant?, _ to: Instant?) -> Double? {
            guard let from, let to, to >= from else { return nil }
            return to.milliseconds(since: from)
        }
        let start = first(.attemptStart) ?? events.first?.time ?? origin
        let tcpStart = first(.tcpConnectStart)
        // DNS for the site: the lookup before the TCP connect.
        let dnsSent = before(tcpStart, .dnsQuerySent)
        let dnsAnswer = before(tcpStart, .dnsAnswerReceived)
        // TCP and TLS from the connection's timeline: the client's events and its front door's.
        let local = ConnectionTimeline.localAddress(of: events)
        let wire = index.wire(peer: local, from: tcpStart)
        let external = scenario.server.kind != .builtin
        let timeline = ConnectionTimeline(clientEvents: events, wire: wire, tlsFromWire: external,
                                          serverTickets: external ? WireTimeline.openSSLDefaultTickets : TLSContext.serverTickets)
        let hello = first(.clientHelloSent)
        let tlsEnd = first(.handshakeComplete) ?? first(.handshakeFailed)

        // OCSP fetches of the client for this connection.
        var fetchPairs: [(start: Instant, end: Instant, timedOut: Bool)] = []
        var pendingStart: Instant?
        var lookedUp: [Bool] = []
        var sawDNSInFetch = false
        var fetchedBytes = 0
        for event in events {
            switch event.kind {
            case .ocspFetchStart, .crlFetchStart:
                pendingStart = event.time
                sawDNSInFetch = false
            case .dnsQuerySent where pendingStart != nil:
                sawDNSInFetch = true
            case .ocspFetchEnd, .crlFetchEnd:
                if let begin = pendingStart {
                    var timedOut = false
                    if case .fetch(.failed(_, true)) = event.payload { timedOut = true }
                    fetchPairs.append((begin, event.time, timedOut))
                    lookedUp.append(sawDNSInFetch)
                    fetchedBytes += event.bytes
                }
                pendingStart = nil
            default:
                break
            }
        }
        let ocspMs = fetchPairs.isEmpty ? nil : fetchPairs.reduce(0) { $0 + $1.1.milliseconds(since: $1.0) }

        // Verification: of fetched responses, else of the staple (the policy's own decision time).
        var verifyMs: Double?
        let verifyStarts = events.filter { $0.kind == .ocspVerifyStart || $0.kind == .crlVerifyStart }.map(\.time)
        let verified = events.filter { $0.kind == .ocspResponseVerified || $0.kind == .crlVerified }.map(\.time)
        if !verifyStarts.isEmpty {
            verifyMs = zip(verifyStarts, verified).reduce(0) { $0 + $1.1.milliseconds(since: $1.0) }
        } else if events.contains(where: { $0.kind == .verifyStart }), !events.contains(where: { $0.kind == .verifyPaused }) {
            verifyMs = ms(first(.verifyStart), first(.verifyEnd))
        }

        // A real client's first byte is the first the server sent through its door after the
        // program's second flight: against nginx or Apache in TLS 1.3 that is a session ticket,
        // so the wire's response (tickets skipped) is read instead.
        let ttfbFromWire = external && realClients.contains(attempt.client) && timeline.wireTTFB != nil
            && (result.outcome == .connected || result.outcome == .softFail)
        let firstByte = ttfbFromWire ? timeline.wireTTFB?.end : first(.firstByte)
        let ttfb = ms(start, firstByte)
        // Only a blocking server (Apache) makes the handshake wait for its fetch; a lazy or
        // proactive server's background fetch may start during a handshake without slowing it.
        let blocking = scenario.server.policy == .blocking
        func inHandshake(_ time: Instant) -> Bool {
            guard let hello else { return false }
            return time >= hello && (tlsEnd.map { time <= $0 } ?? true)
        }
        let serverFetch = blocking && (index.serverFetches.contains { inHandshake($0.start) }
                                       || index.serverRequests.contains(where: inHandshake))
        // The status, staple and version from the client's own typed events (their one carrier).
        let facts = ConnectionFacts(events)
        let work = LatencyModel.Work(
            tls12: facts.tlsVersion == "TLSv1.2",
            fetches: zip(fetchPairs, lookedUp).map { pair, dns in (dns: dns, timedOut: pair.timedOut) },
            serverFetch: serverFetch, serverFetchLooksUp: scenario.server.kind == .builtin,
            fetchTime: fetchPairs.first.map { clock.time(at: $0.0) - clock.epoch }, fetchedBytes: fetchedBytes)
        let ip = local?.split(separator: ":").first.map(String.init) ?? ""
        var record = HandshakeRecord(
            scenario: scenario.name, sweepPoint: sweepPoint, mode: mode.rawValue, client: attempt.client, site: attempt.site,
            seq: attempt.seq, warmup: attempt.warmup, startedMs: start.milliseconds(since: origin),
            dnsMs: ms(dnsSent, dnsAnswer), tcpMs: timeline.tcp?.milliseconds, tlsMs: timeline.tls?.milliseconds, ocspMs: ocspMs,
            verifyMs: verifyMs, ttfbMs: ttfb, modelMs: model.predict(client: attempt.client, work: work),
            stapled: facts.stapled, ocspStatus: facts.status,
            outcome: result.outcome, error: result.error,
            clientAddress: ip, connection: result.connection,
            endedMs: first(.attemptEnd).map { $0.milliseconds(since: origin) })
        // The version the ServerHello on the wire selected; the client's own word only when the wire has none (its budget spent).
        record.tlsVersion = timeline.wireVersion.isEmpty ? facts.tlsVersion : timeline.wireVersion
        // A real program has no events of its own: what it did was seen at its doors.
        let own: ConnectionTimeline.Source = realClients.contains(attempt.client) ? .door : .client
        record.phaseSources = [("dns", record.dnsMs.map { _ in own }), ("tcp", timeline.tcp?.source),
                               ("tls", timeline.tls.map { $0.source == .wire ? .wire : own }),
                               ("ocsp", record.ocspMs.map { _ in own }), ("ttfb", record.ttfbMs.map { _ in ttfbFromWire ? .wire : own })]
            .compactMap { phase, source in source.map { "\(phase)=\($0.rawValue)" } }.joined(separator: " ")
        record.scenarioTimeS = (first(.attemptEnd) ?? events.last?.time).map { clock.time(at: $0) - clock.epoch }
        record.revocationBytes = fetchedBytes
        return record
    }
}

import StapleCore
import StapleActors

/// Folds one mode's trace into one ``HandshakeRecord`` per client attempt.
///
/// Phases come from the client's own events (same connection id), the link's emulated TCP
/// handshake (joined by the client's local address, which the link saw as its peer), and
/// the server's events for a fetch made inside the handshake.
struct RecordFolder {
    let scenario: Scenario
    let sweepPoint: String
    let mode: Scenario.Mode
    let origin: Instant
    let clock: PolicyClock
    let model: LatencyModel

    /// Events indexed once: by connection, and the links' emulated handshakes by peer address.
    struct Index {
        var byConnection: [ConnectionID: [TraceEvent]] = [:]
        var emulatedByPeer: [String: Instant] = [:]
        var serverFetches: [(start: Instant, end: Instant)] = []
        var serverRequests: [Instant] = []

        init(_ events: [TraceEvent]) {
            var serverFetchStarts: [Instant] = []
            for event in events {
                switch event.party.role {
                case .client:
                    byConnection[event.connection, default: []].append(event)
                case .link where event.kind == .linkHandshakeEmulated:
                    if let peer = RecordFolder.field("peer", in: event.detail) { emulatedByPeer[peer] = event.time }
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
        return attempts.map { attempt, result in record(attempt, result, index) }
    }

    private func record(_ attempt: Attempt, _ result: ConnectionResult, _ index: Index) -> HandshakeRecord {
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
        let connected = first(.tcpConnected)
        // DNS for the site: the lookup before the TCP connect.
        let dnsSent = before(tcpStart, .dnsQuerySent)
        let dnsAnswer = before(tcpStart, .dnsAnswerReceived)
        // TCP: until the link released the first bytes (its emulated handshake), else the kernel's connect.
        let localAddress = events.first { $0.kind == .tcpConnected && $0.detail.contains("local=") }
            .flatMap { RecordFolder.field("local", in: $0.detail) }
        let emulated = localAddress.flatMap { index.emulatedByPeer[$0] }
        let tcpEnd = emulated ?? connected
        let hello = first(.clientHelloSent)
        let tlsStart = [hello, tcpEnd].compactMap { $0 }.max()
        let tlsEnd = first(.handshakeComplete) ?? first(.handshakeFailed)

        // OCSP fetches of the client for this connection.
        var fetchPairs: [(Instant, Instant, String)] = []
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
                    fetchPairs.append((begin, event.time, event.detail))
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

        let firstByte = first(.firstByte)
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
        let work = LatencyModel.Work(
            tls12: result.version == .tls12,
            fetches: zip(fetchPairs, lookedUp).map { pair, dns in (dns: dns, timedOut: pair.2.contains("no OCSP response within")) },
            serverFetch: serverFetch, serverFetchLooksUp: scenario.server.kind == .builtin,
            fetchTime: fetchPairs.first.map { clock.time(at: $0.0) - clock.epoch }, fetchedBytes: fetchedBytes)
        let ip = result.localAddress.split(separator: ":").first.map(String.init) ?? ""
        var record = HandshakeRecord(
            scenario: scenario.name, sweepPoint: sweepPoint, mode: mode.rawValue, client: attempt.client, site: attempt.site,
            seq: attempt.seq, warmup: attempt.warmup, startedMs: start.milliseconds(since: origin),
            dnsMs: ms(dnsSent, dnsAnswer), tcpMs: ms(tcpStart, tcpEnd), tlsMs: ms(tlsStart, tlsEnd), ocspMs: ocspMs,
            verifyMs: verifyMs, ttfbMs: ttfb, modelMs: model.predict(client: attempt.client, work: work),
            stapled: result.stapled, ocspStatus: result.status, outcome: result.outcome, error: result.error,
            clientAddress: ip, connection: result.connection,
            endedMs: first(.attemptEnd).map { $0.milliseconds(since: origin) })
        record.tlsVersion = result.version?.description ?? ""
        record.scenarioTimeS = (first(.attemptEnd) ?? events.last?.time).map { clock.time(at: $0) - clock.epoch }
        record.revocationBytes = fetchedBytes
        return record
    }

    /// `value` of `name=value` in an event detail (values end at a space).
    static func field(_ name: String, in detail: String) -> String? {
        for part in detail.split(separator: " ") where part.hasPrefix(name + "=") {
            return String(part.dropFirst(name.count + 1))
        }
        return nil
    }
}

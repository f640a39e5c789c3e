import StapleCore
import Synchronization

/// One visit of a real client, told by its doors what crossed them and when, written into the
/// trace as the client's own events (the same kinds a built-in client records), so the record
/// folder reads a real program's attempt like a built-in one's.
///
/// What the doors see is bytes, not TLS messages, so the TLS phases are read from the order of
/// the flights on the site connection: the ClientHello is the program's first bytes, the end of
/// its handshake its second flight (after the server's first; after any OCSP check a paused
/// program makes), and the first response byte the server's first bytes after that.
final class RealClientVisit: Sendable {
    private enum SitePhase { case connecting, helloSent, serverSpoke, finishedSent, answered }

    /// One connection of the program to the site's door, in the order it opened.
    private struct SiteConnection {
        var number: Int
        var accepted: Instant
        var local: String?
        var connected: Instant?
        var phase = SitePhase.connecting
        var hello: Instant?
        var finished: Instant?
        /// The server's first bytes after the program's second flight.
        var firstByte: (time: Instant, bytes: Int)?
        var responseBytes = 0
    }

    private struct State {
        var site: [SiteConnection] = []
        var fetchOpen = false
        /// Responder connections the program opened, or kept from an earlier visit and used again.
        var responderConnections = 0
        /// When the responder's last bytes reached the program (a browser keeps the connection
        /// open after the answer: the fetch ends with the answer, not the close).
        var responderAnswered: Instant?
        /// Whether any bytes from the responder reached the program during the visit.
        var responderSpoke = false
    }

    /// The attempt's connection identifier (its events carry it).
    let connection: ConnectionID
    private let party: Party
    private let trace: Trace
    private let responderHost: String
    private let site: String
    private let state = Mutex(State())

    /// A visit of `site` recorded as `party`'s attempt `connection`.
    init(connection: ConnectionID, party: Party, trace: Trace, site: String, responderHost: String) {
        self.connection = connection
        self.site = ResolverCore.normalize(site)
        self.party = party
        self.trace = trace
        self.responderHost = ResolverCore.normalize(responderHost)
    }

    private func record(_ kind: EventKind, _ detail: String = "", bytes: Int = 0, at time: Instant,
                        payload: EventPayload = .none) {
        trace.record(party, kind, connection: connection, bytes: bytes, detail: detail, payload: payload, at: time)
    }

    /// The program asked the DNS door for `name`. Only A queries for the site or the responder
    /// become events (the AAAA one runs alongside; a browser's own background lookups are not
    /// the visit's, though the resolver and the ledger still see them).
    func dnsQuery(name: String, isA: Bool, at time: Instant) {
        let normalized = ResolverCore.normalize(name)
        guard isA, normalized == site || normalized == responderHost else { return }
        let startsFetch = state.withLock { state -> Bool in
            guard normalized == responderHost, !state.fetchOpen else { return false }
            state.fetchOpen = true
            return true
        }
        // The lookup of the responder is the first step of the program's own check: the fetch
        // starts with it (1 ns before, so that the fetch's events keep their order).
        if startsFetch { record(.ocspFetchStart, "by the program (lookup of \(normalized))", at: time) }
        record(.dnsQuerySent, "name=\(normalized) via=door", at: startsFetch ? Instant(nanoseconds: time.nanoseconds + 1) : time)
    }

    /// The answer to the program's A query for `name` went back to it.
    func dnsAnswer(name: String, isA: Bool, at time: Instant) {
        let normalized = ResolverCore.normalize(name)
        guard isA, normalized == site || normalized == responderHost else { return }
        record(.dnsAnswerReceived, "name=\(normalized)", at: time)
    }

    /// The program connected to `role`'s door.
    func accepted(_ role: RealClientDoorRole, connection number: Int, at time: Instant) {
        switch role {
        case .site:
            state.withLock { $0.site.append(SiteConnection(number: number, accepted: time)) }
        case .responder:
            let startsFetch = state.withLock { state -> Bool in
                state.responderConnections += 1
                guard !state.fetchOpen else { return false }
                state.fetchOpen = true
                return true
            }
            if startsFetch { record(.ocspFetchStart, "by the program", at: time) }
        }
    }

    /// The door's socket to the front door connected from `local` (the front door's peer).
    func upstreamConnected(_ role: RealClientDoorRole, connection number: Int, local: String, at time: Instant) {
        guard role == .site else { return }
        state.withLock { state in
            guard let index = state.site.firstIndex(where: { $0.number == number }) else { return }
            state.site[index].local = local
            state.site[index].connected = time
        }
    }

    /// `count` bytes crossed `role`'s door, from the program or to it; `onlyChangeCipherSpec`:
    /// they were a lone ChangeCipherSpec record, which does not end the program's handshake.
    func bytes(_ role: RealClientDoorRole, connection number: Int, fromProgram: Bool, count: Int,
               onlyChangeCipherSpec: Bool, at time: Instant) {
        guard role == .site else {
            if fromProgram {
                // A request on a responder connection kept from an earlier visit starts this visit's fetch.
                let startsFetch = state.withLock { state -> Bool in
                    guard !state.fetchOpen else { return false }
                    state.fetchOpen = true
                    state.responderConnections += 1
                    return true
                }
                if startsFetch { record(.ocspFetchStart, "by the program (on a responder connection it kept)", at: time) }
            } else {
                state.withLock { $0.responderAnswered = time; $0.responderSpoke = true }
            }
            return
        }
        state.withLock { state in
            guard let index = state.site.firstIndex(where: { $0.number == number }) else { return }
            var site = state.site[index]
            switch (site.phase, fromProgram) {
            case (.connecting, true):
                site.phase = .helloSent
                site.hello = time
            case (.helloSent, false):
                site.phase = .serverSpoke
            case (.serverSpoke, true) where !onlyChangeCipherSpec:
                site.phase = .finishedSent
                site.finished = time
            case (.finishedSent, false):
                site.phase = .answered
                site.firstByte = (time, count)
                site.responseBytes += count
            case (.answered, false):
                site.responseBytes += count
            default:
                break
            }
            state.site[index] = site
        }
    }

    /// The program closed its connection through `role`'s door.
    func closed(_ role: RealClientDoorRole, connection number: Int, at time: Instant) {
        guard role == .responder else { return }
        let answered = state.withLock { state -> Instant?? in
            guard state.fetchOpen else { return nil }
            state.fetchOpen = false
            defer { state.responderAnswered = nil }
            return .some(state.responderAnswered)
        }
        guard let answered else { return }
        if let answered {
            record(.ocspFetchEnd, "the responder's answer reached the program", at: answered)
        } else {
            record(.ocspFetchEnd, "the program closed its responder connection without an answer", at: time)
        }
    }

    /// The program ended: the site connection's phases (the one that got an answer, else the
    /// first), then the attempt's end, with its outcome.
    func finish(_ outcome: HandshakeRecord.Outcome, detail: String, at time: Instant = .now()) {
        if let site = mainSite {
            record(.tcpConnectStart, "door=site", at: site.accepted)
            if let connected = site.connected, let local = site.local { record(.tcpConnected, "local=\(local)", at: connected,
                                                                                       payload: .endpoints(local: local, remote: nil)) }
            if let hello = site.hello { record(.clientHelloSent, at: hello) }
            if let finished = site.finished {
                record(.handshakeComplete, "the program's second flight, seen at its door", at: finished)
            }
            // A refusing program got the server's session tickets, not a response: no first byte.
            if outcome == .connected || outcome == .softFail, let first = site.firstByte {
                record(.firstByte, "the server's first bytes after the program's second flight", bytes: first.bytes,
                       at: first.time)
            }
        }
        // A fetch still open (a kept browser keeps its responder connection) ends with its answer.
        let open = state.withLock { state -> Instant?? in
            guard state.fetchOpen else { return nil }
            state.fetchOpen = false
            defer { state.responderAnswered = nil }
            return .some(state.responderAnswered)
        }
        if let open {
            if let answered = open {
                record(.ocspFetchEnd, "the responder's answer reached the program", at: answered)
            } else {
                record(.ocspFetchEnd, "no answer had reached the program when the visit ended", at: time)
            }
        }
        record(.attemptEnd, "\(outcome.rawValue) \(detail)", at: time)
    }

    /// The site connection the row describes: the first that got an answer, else the first.
    private var mainSite: SiteConnection? {
        state.withLock { state in state.site.first { $0.phase == .answered } ?? state.site.first }
    }

    /// The door-side address of the site connection (`IP:port`), how many responder
    /// connections the program opened, whether the responder sent it anything, the response
    /// bytes it received, and how many connections it opened to the site.
    var summary: (local: String, responderConnections: Int, responderSpoke: Bool, responseBytes: Int, siteConnections: Int) {
        let site = mainSite
        return state.withLock { (site?.local ?? "", $0.responderConnections, $0.responderSpoke, site?.responseBytes ?? 0,
                                 $0.site.count) }
    }
}

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
    private enum SitePhase { case idle, connecting, helloSent, serverSpoke, finishedSent, answered }

    private struct State {
        var siteConnection: Int?
        var siteLocal: String?
        var phase = SitePhase.idle
        var responseBytes = 0
        var fetchOpen = false
        var fetches = 0
        var responderConnections = 0
        /// The server's first bytes after the program's second flight: the first response byte,
        /// recorded only when the program connected (a refusing program got the server's session
        /// tickets, not a response).
        var firstByte: (time: Instant, bytes: Int)?
    }

    /// The attempt's connection identifier (its events carry it).
    let connection: ConnectionID
    private let party: Party
    private let trace: Trace
    private let responderHost: String
    private let state = Mutex(State())

    /// A visit recorded as `party`'s attempt `connection`.
    init(connection: ConnectionID, party: Party, trace: Trace, responderHost: String) {
        self.connection = connection
        self.party = party
        self.trace = trace
        self.responderHost = ResolverCore.normalize(responderHost)
    }

    private func record(_ kind: EventKind, _ detail: String = "", bytes: Int = 0, at time: Instant) {
        trace.record(party, kind, connection: connection, bytes: bytes, detail: detail, at: time)
    }

    /// The program asked the DNS door for `name` (only A queries become events: the AAAA one runs alongside).
    func dnsQuery(name: String, isA: Bool, at time: Instant) {
        guard isA else { return }
        let normalized = ResolverCore.normalize(name)
        let startsFetch = state.withLock { state -> Bool in
            guard normalized == responderHost, !state.fetchOpen else { return false }
            state.fetchOpen = true
            state.fetches += 1
            return true
        }
        // The lookup of the responder is the first step of the program's own check: the fetch
        // starts with it (1 ns before, so that the fetch's events keep their order).
        if startsFetch { record(.ocspFetchStart, "by the program (lookup of \(normalized))", at: time) }
        record(.dnsQuerySent, "name=\(normalized) via=door", at: startsFetch ? Instant(nanoseconds: time.nanoseconds + 1) : time)
    }

    /// The answer to the program's A query for `name` went back to it.
    func dnsAnswer(name: String, isA: Bool, at time: Instant) {
        guard isA else { return }
        record(.dnsAnswerReceived, "name=\(ResolverCore.normalize(name))", at: time)
    }

    /// The program connected to `role`'s door.
    func accepted(_ role: RealClientDoorRole, connection number: Int, at time: Instant) {
        switch role {
        case .site:
            let first = state.withLock { state -> Bool in
                guard state.siteConnection == nil else { return false }
                state.siteConnection = number
                state.phase = .connecting
                return true
            }
            if first { record(.tcpConnectStart, "door=site", at: time) }
        case .responder:
            let startsFetch = state.withLock { state -> Bool in
                state.responderConnections += 1
                guard !state.fetchOpen else { return false }
                state.fetchOpen = true
                state.fetches += 1
                return true
            }
            if startsFetch { record(.ocspFetchStart, "by the program", at: time) }
        }
    }

    /// The door's socket to the front door connected from `local` (the front door's peer).
    func upstreamConnected(_ role: RealClientDoorRole, connection number: Int, local: String, at time: Instant) {
        guard role == .site else { return }
        let isSite = state.withLock { state -> Bool in
            guard state.siteConnection == number else { return false }
            state.siteLocal = local
            return true
        }
        if isSite { record(.tcpConnected, "local=\(local)", at: time) }
    }

    /// `count` bytes crossed `role`'s door, from the program or to it; `onlyChangeCipherSpec`:
    /// they were a lone ChangeCipherSpec record, which does not end the program's handshake.
    func bytes(_ role: RealClientDoorRole, connection number: Int, fromProgram: Bool, count: Int,
               onlyChangeCipherSpec: Bool, at time: Instant) {
        guard role == .site else { return }
        let event = state.withLock { state -> EventKind? in
            guard state.siteConnection == number else { return nil }
            switch (state.phase, fromProgram) {
            case (.connecting, true):
                state.phase = .helloSent
                return .clientHelloSent
            case (.helloSent, false):
                state.phase = .serverSpoke
                return nil
            case (.serverSpoke, true) where !onlyChangeCipherSpec:
                state.phase = .finishedSent
                return .handshakeComplete
            case (.finishedSent, false):
                state.phase = .answered
                state.responseBytes += count
                state.firstByte = (time, count)
                return nil
            case (.answered, false):
                state.responseBytes += count
                return nil
            default:
                return nil
            }
        }
        guard let event else { return }
        let detail = event == .handshakeComplete ? "the program's second flight, seen at its door" : ""
        record(event, detail, bytes: count, at: time)
    }

    /// The program closed its connection through `role`'s door.
    func closed(_ role: RealClientDoorRole, connection number: Int, at time: Instant) {
        guard role == .responder else { return }
        let ends = state.withLock { state -> Bool in
            guard state.fetchOpen else { return false }
            state.fetchOpen = false
            return true
        }
        if ends { record(.ocspFetchEnd, "the program closed its responder connection", at: time) }
    }

    /// The program ended: the attempt's end, with its outcome.
    func finish(_ outcome: HandshakeRecord.Outcome, detail: String, at time: Instant = .now()) {
        if outcome == .connected, let first = state.withLock({ $0.firstByte }) {
            record(.firstByte, "the server's first bytes after the program's second flight", bytes: first.bytes, at: first.time)
        }
        record(.attemptEnd, "\(outcome.rawValue) \(detail)", at: time)
    }

    /// The door-side address of the site connection (`IP:port`), how many responder
    /// connections the program opened, and the response bytes it received.
    var summary: (local: String, responderConnections: Int, responseBytes: Int, reachedServer: Bool) {
        state.withLock { ($0.siteLocal ?? "", $0.responderConnections, $0.responseBytes, $0.phase != .idle) }
    }
}

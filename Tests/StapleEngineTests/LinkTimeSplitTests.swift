import Testing
import StapleCore
@testable import StapleEngine

/// A handshake's time to first byte split into time held in links on its critical path and the
/// rest, over hand-built link events (no sockets): the walk back from the first byte follows the
/// message each endpoint waited for (a flight's last), emulated TCP handshakes count, only inside
/// the attempt's window, and discarded messages not at all.
@Suite struct LinkTimeSplitTests {
    static let origin = Instant(nanoseconds: 5_000_000_000)
    static func at(_ ms: Double) -> Instant { origin.adding(seconds: ms / 1000) }

    static func accepted(_ link: String, _ connection: UInt64, _ ms: Double) -> TraceEvent {
        TraceEvent(time: at(ms), party: .link(link), kind: .linkAccepted, connection: ConnectionID(connection),
                   payload: .endpoints(local: "127.0.0.1:443", remote: "127.0.0.2:5000"))
    }

    static func emulated(_ link: String, _ connection: UInt64, _ ms: Double) -> TraceEvent {
        TraceEvent(time: at(ms), party: .link(link), kind: .linkHandshakeEmulated, connection: ConnectionID(connection))
    }

    static func message(_ link: String, _ connection: UInt64, _ message: WireMessage, _ direction: WireDirection,
                        _ sent: Double, _ delivered: Double?) -> TraceEvent {
        TraceEvent(time: at(sent), party: .link(link), kind: .wireMessage, connection: ConnectionID(connection),
                   payload: .wire(WireEvent(message: message, direction: direction, sentAt: at(sent),
                                            deliveredAt: delivered.map { at($0) })))
    }

    static func record(_ seq: Int, started: Double, ttfb: Double?, model: Double? = nil) -> HandshakeRecord {
        HandshakeRecord(scenario: "split", mode: "none", client: "Alice", site: "example.com", seq: seq,
                        startedMs: started, ttfbMs: ttfb, modelMs: model, outcome: .connected)
    }

    static func close(_ value: Double?, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let value else { Issue.record("nil, expected \(expected)", sourceLocation: sourceLocation); return }
        #expect(abs(value - expected) < 1e-6, "\(value) ≠ \(expected)", sourceLocation: sourceLocation)
    }

    /// A none-mode handshake at RTT 10 ms: DNS (one round trip), the emulated TCP handshake, the
    /// TLS 1.3 flights and the HTTP exchange, with the endpoints' work between the hops.
    static let handshake: [TraceEvent] = [
        message("client-resolver", 1, .dnsQuery(id: 7, name: "example.com"), .forward, 0.5, 5.5),
        message("client-resolver", 1, .dnsAnswer(id: 7, name: "example.com", code: 0, answers: 1), .backward, 5.7, 10.7),
        accepted("client-server", 2, 11.0),
        emulated("client-server", 2, 21.0),
        message("client-server", 2, .tlsClientHello(serverName: "example.com"), .forward, 21.2, 26.2),
        message("client-server", 2, .tlsServerHello(version: 0x0304, retry: false), .backward, 27.0, 32.0),
        // A second message of the same flight, inside the first's interval: counted once.
        message("client-server", 2, .tlsEncryptedFinished, .backward, 27.1, 32.1),
        message("client-server", 2, .tlsApplicationData(index: 0, length: 90), .forward, 32.5, 37.5),
        message("client-server", 2, .tlsApplicationData(index: 0, length: 310), .backward, 38.0, 43.0),
    ]

    @Test func onLinkIsTheCriticalPathsHeldTime() throws {
        // The attempt runs from 0.2 ms to its first byte at 43.4 ms.
        let splits = LinkTimeSplit.splits([Self.record(0, started: 0.2, ttfb: 43.2, model: 40)], events: Self.handshake,
                                          origin: Self.origin)
        let split = try #require(splits.first ?? nil)
        // Back from 43.4: the response (5), the request (5), the server flight's last message, the
        // Finished sent at 27.1 (5: the server's 0.1 ms between its two records is its own), the
        // ClientHello (5), the emulated TCP handshake (10), the DNS answer (5) and query (5).
        Self.close(split.onLinkMs, 40)
        Self.close(split.offLinkMs, 3.2)
    }

    @Test func onlyTheWindowCountsAndDiscardedMessagesNever() throws {
        var events = Self.handshake
        // A message the link discarded (a hang), sent inside record 2's window after the last
        // release: had it counted, the walk would start from it.
        events.append(Self.message("client-server", 2, .tlsAlert(level: 2, description: 40), .forward, 44.5, nil))
        // A window that starts inside the TCP emulation (at 16 ms) and ends while the ClientHello
        // is held (24 ms): the last release before 24 is the emulation's end (21), 16…21 of it inside.
        let records = [Self.record(0, started: 16, ttfb: 8), Self.record(1, started: 50, ttfb: nil),
                       Self.record(2, started: 44, ttfb: 10)]
        let splits = LinkTimeSplit.splits(records, events: events, origin: Self.origin)
        #expect(splits.count == 3)
        Self.close(splits[0]?.onLinkMs, 5)
        Self.close(splits[0]?.offLinkMs, 3)
        // No time to first byte: no split.
        #expect(splits[1] == nil)
        // After the last delivery (43 ms) nothing is held: all of it off the links.
        Self.close(splits[2]?.onLinkMs, 0)
        Self.close(splits[2]?.offLinkMs, 10)
    }

    @Test func aFlightsEarlierRecordDoesNotStretchTheLinksShare() {
        // The client's Finished (10 → 30) and, 2 ms of its work later, its request (12 → 32); the
        // server answers at 33 (→ 53). The server waited for the request: 20 + 20 ms on the links,
        // not the union's 42; the client's 2 ms and the server's 1 ms are the endpoints'.
        let events = [Self.message("client-server", 1, .tlsEncryptedFinished, .forward, 10, 30),
                      Self.message("client-server", 1, .tlsApplicationData(index: 0, length: 90), .forward, 12, 32),
                      Self.message("client-server", 1, .tlsApplicationData(index: 0, length: 310), .backward, 33, 53)]
        let split = LinkTimeSplit.splits([Self.record(0, started: 0, ttfb: 54)], events: events, origin: Self.origin)[0]
        Self.close(split?.onLinkMs, 40)
        Self.close(split?.offLinkMs, 14)
    }

    @Test func theWalkOnRawIntervals() {
        let held = [LinkTimeSplit.Held(sent: 0, released: 10), LinkTimeSplit.Held(sent: 12, released: 20),
                    LinkTimeSplit.Held(sent: 15, released: 25), LinkTimeSplit.Held(sent: 30, released: 40)]
        #expect(LinkTimeSplit.upperBound(held, releasedAtMost: 25) == 3)
        #expect(LinkTimeSplit.upperBound(held, releasedAtMost: 9) == 0)
        // From 45: 30…40, then from 30: 15…25, then from 15: 0…10 (12…20 was released after 15).
        #expect(LinkTimeSplit.criticalLinkTime(held, from: 0, to: 45) == 10 + 10 + 10)
        // A window from 5: the first interval counts from 5.
        #expect(LinkTimeSplit.criticalLinkTime(held, from: 5, to: 45) == 10 + 10 + 5)
        #expect(LinkTimeSplit.criticalLinkTime(held, from: 20, to: 10) == 0)
        #expect(LinkTimeSplit.criticalLinkTime([], from: 0, to: 10) == 0)
    }

    @Test func aSendersLongPauseBetweenTwoRecordsIsItsOwn() {
        // The client's Finished (10 → 30), then 21 ms of its own work, then its request (31 → 51),
        // released after the Finished: the server waited for the request, the client for the server's
        // flight before it (none here), never for its own Finished. 20 + 20 ms on the links.
        let events = [Self.message("client-server", 1, .tlsEncryptedFinished, .forward, 10, 30),
                      Self.message("client-server", 1, .tlsApplicationData(index: 0, length: 90), .forward, 31, 51),
                      Self.message("client-server", 1, .tlsApplicationData(index: 0, length: 310), .backward, 52, 72)]
        let split = LinkTimeSplit.splits([Self.record(0, started: 0, ttfb: 73)], events: events, origin: Self.origin)[0]
        Self.close(split?.onLinkMs, 40)
        Self.close(split?.offLinkMs, 33)
    }

    @Test func aWindowEndingOnAReleaseCountsThatRelease() throws {
        // A real client's first byte is the response's release on the wire: the window ends exactly
        // there (4.1 + 38.9 = 43.0 ms; 4.1 × 10⁶ is 4,099,999.9999999995 in a double, so truncating
        // would end the window a nanosecond early and lose the response's 5 ms to the endpoints).
        let split = try #require(LinkTimeSplit.splits([Self.record(0, started: 4.1, ttfb: 38.9)], events: Self.handshake,
                                                      origin: Self.origin).first ?? nil)
        // 5 + 5 + 5 + 5 + 10 + 5, and the DNS query's last 1.4 ms (4.1 … 5.5).
        Self.close(split.onLinkMs, 36.4)
        Self.close(split.offLinkMs, 2.5)
    }
}

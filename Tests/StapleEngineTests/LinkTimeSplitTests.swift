import Testing
import StapleCore
@testable import StapleEngine

/// A handshake's time to first byte split into time held in links and the rest, over hand-built
/// link events (no sockets): emulated TCP handshakes and messages count, overlaps once, only inside
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

    @Test func onLinkIsTheUnionOfHeldIntervalsInsideTheWindow() throws {
        // The attempt runs from 0.2 ms to its first byte at 43.4 ms.
        let splits = LinkTimeSplit.splits([Self.record(0, started: 0.2, ttfb: 43.2, model: 40)], events: Self.handshake,
                                          origin: Self.origin)
        let split = try #require(splits.first ?? nil)
        // Held: 5 (DNS query) + 5 (answer) + 10 (TCP) + 5 + 5.1 (server flight, union of 27.0…32.0 and 27.1…32.1)
        // + 5 + 5 = 40.1 ms.
        Self.close(split.onLinkMs, 40.1)
        Self.close(split.offLinkMs, 43.2 - 40.1)
    }

    @Test func onlyTheWindowCountsAndDiscardedMessagesNever() throws {
        var events = Self.handshake
        // A message the link discarded (a hang): never held time.
        events.append(Self.message("client-server", 2, .tlsAlert(level: 2, description: 40), .forward, 44, nil))
        // A window that starts inside the TCP emulation (at 16 ms) and ends inside the ClientHello (24 ms):
        // 16…21 and 21.2…24 held.
        let records = [Self.record(0, started: 16, ttfb: 8), Self.record(1, started: 50, ttfb: nil),
                       Self.record(2, started: 44, ttfb: 10)]
        let splits = LinkTimeSplit.splits(records, events: events, origin: Self.origin)
        #expect(splits.count == 3)
        Self.close(splits[0]?.onLinkMs, 5 + 2.8)
        Self.close(splits[0]?.offLinkMs, 8 - 7.8)
        // No time to first byte: no split.
        #expect(splits[1] == nil)
        // After the last delivery (43 ms) nothing is held: all of it off the links.
        Self.close(splits[2]?.onLinkMs, 0)
        Self.close(splits[2]?.offLinkMs, 10)
    }

    @Test func overlappingLinksCountOnce() {
        // A server's staple fetch on its own link while the client's handshake waits on another:
        // 10…30 and 20…40 held is 30 ms of the window, not 40.
        let events = [Self.message("client-server", 1, .tlsClientHello(serverName: "example.com"), .forward, 10, 30),
                      Self.message("server-responder", 2, .httpRequest(method: "POST", target: "/", host: "ocsp.ca.test"),
                                   .forward, 20, 40)]
        let split = LinkTimeSplit.splits([Self.record(0, started: 0, ttfb: 50)], events: events, origin: Self.origin)[0]
        Self.close(split?.onLinkMs, 30)
        Self.close(split?.offLinkMs, 20)
    }

    @Test func mergeAndCoverOnRawSpans() {
        let union = LinkTimeSplit.merged([(30, 40), (0, 10), (5, 12), (12, 15), (50, 60)])
        #expect(union.map(\.start) == [0, 30, 50])
        #expect(union.map(\.end) == [15, 40, 60])
        #expect(LinkTimeSplit.covered(union, from: 0, to: 100) == 35)
        #expect(LinkTimeSplit.covered(union, from: 14, to: 55) == 1 + 10 + 5)
        #expect(LinkTimeSplit.covered(union, from: 40, to: 50) == 0)
        #expect(LinkTimeSplit.covered(union, from: 20, to: 10) == 0)
        #expect(LinkTimeSplit.covered([], from: 0, to: 10) == 0)
    }
}

import Testing
import StapleCore
import StapleReport
@testable import StapleEngine

/// The waterfall read from the wire, folded over hand-built events (no sockets): each message
/// of the attempt's own connections from sending to arrival, the DNS lookups of its datagram
/// session, the emulated TCP handshake as a phase, nothing of an earlier connection.
@Suite struct ConnectionStoryWireTests {
    static func at(_ ms: Double) -> Instant { Instant(nanoseconds: UInt64(1_000_000_000 + ms * 1_000_000)) }

    static func wire(_ link: String, _ connection: UInt64, _ message: WireMessage, _ direction: WireDirection,
                     sent: Double, delivered: Double?) -> TraceEvent {
        let event = WireEvent(message: message, direction: direction, sentAt: at(sent), deliveredAt: delivered.map(at))
        return TraceEvent(time: at(sent), party: .link(link), kind: .wireMessage, connection: ConnectionID(connection),
                          payload: .wire(event))
    }

    static func accepted(_ link: String, _ connection: UInt64, peer: String, at ms: Double) -> TraceEvent {
        TraceEvent(time: at(ms), party: .link(link), kind: .linkAccepted, connection: ConnectionID(connection),
                   payload: .endpoints(local: "127.0.2.10:443", remote: peer))
    }

    /// A classic TLS 1.3 attempt of Alice (127.0.1.1) from 100 ms to 400 ms, after an earlier connection.
    static var events: [TraceEvent] {
        let alice = Party.client("Alice"), own = ConnectionID(7)
        return [
            // An earlier connection of Alice's, whose close crosses during this attempt: not drawn.
            accepted("client-server", 1, peer: "127.0.1.1:4999", at: 10),
            wire("client-server", 1, .closed, .forward, sent: 100.2, delivered: 120.2),
            TraceEvent(time: at(100), party: alice, kind: .attemptStart, connection: own),
            // Its lookups share one datagram session, opened long before.
            accepted("client-resolver", 2, peer: "127.0.1.1:6000", at: 5),
            wire("client-resolver", 2, .dnsQuery(id: 1, name: "old.example"), .forward, sent: 5, delivered: 10),
            wire("client-resolver", 2, .dnsQuery(id: 9, name: "example.com"), .forward, sent: 101, delivered: 106),
            wire("client-resolver", 2, .dnsAnswer(id: 9, name: "example.com", code: 0, answers: 1), .backward,
                 sent: 106.5, delivered: 111.5),
            TraceEvent(time: at(112), party: alice, kind: .tcpConnectStart, connection: own),
            accepted("client-server", 3, peer: "127.0.1.1:5000", at: 112),
            TraceEvent(time: at(152), party: .link("client-server"), kind: .linkHandshakeEmulated, connection: ConnectionID(3)),
            wire("client-server", 3, .tlsClientHello(serverName: "example.com"), .forward, sent: 112.1, delivered: 172),
            wire("client-server", 3, .tlsServerHello(version: 0x0304, retry: false), .backward, sent: 173, delivered: 193),
            wire("client-server", 3, .tlsApplicationData(index: 1, length: 1453), .backward, sent: 173, delivered: 193),
            // Someone else's connection at the same time: not drawn.
            accepted("client-server", 4, peer: "127.0.1.2:5000", at: 150),
            wire("client-server", 4, .tlsClientHello(serverName: "example.com"), .forward, sent: 150, delivered: 210),
            wire("client-server", 3, .tlsApplicationData(index: 0, length: 69), .forward, sent: 300, delivered: 320),
            wire("client-server", 3, .tlsApplicationData(index: 1, length: 98), .forward, sent: 300.1, delivered: 320.1),
            wire("client-server", 3, .tlsApplicationData(index: 4, length: 124), .backward, sent: 321, delivered: 341),
            // The server's fetch inside the handshake (as a blocking server or Apache does), from its front door.
            accepted("server-responder", 5, peer: "127.0.3.1:7000", at: 180),
            wire("server-responder", 5, .httpRequest(method: "POST", target: "/", host: "ocsp.ca.test"), .forward,
                 sent: 181, delivered: 201),
            TraceEvent(time: at(400), party: alice, kind: .attemptEnd, connection: own),
        ]
    }

    @Test func eachMessageOfTheAttemptGoesFromItsSendingToItsArrival() {
        let record = HandshakeRecord(scenario: "s", mode: "classic", client: "Alice", site: "example.com", seq: 0,
                                     startedMs: 100, outcome: .connected, clientAddress: "127.0.1.1", connection: ConnectionID(7))
        let steps = ConnectionStory.wireSteps(record: record, events: Self.events, start: Self.at(100), end: Self.at(400),
                                              client: "Alice's Browser", site: "example.com Server", responder: "OCSP Responder")
        func round(_ ms: Double?) -> String { ms.map { String(format: "%.1f", $0) } ?? "-" }
        let drawn = steps.map { "\(round($0.timeMs))>\(round($0.arrivalMs)) \($0.from)>\($0.to) \($0.label)" }
        #expect(drawn == [
            "1.0>6.0 Alice's Browser>DNS Resolver query example.com",
            "6.5>11.5 DNS Resolver>Alice's Browser answer example.com rcode=0 answers=1",
            "12.0>52.0 Alice's Browser>Alice's Browser TCP handshake (emulated)",
            "12.1>72.0 Alice's Browser>example.com Server ClientHello sni=example.com",
            "73.0>93.0 example.com Server>Alice's Browser ServerHello TLSv1.3",
            "73.0>93.0 example.com Server>Alice's Browser encrypted handshake record (1453 B)",
            "81.0>101.0 example.com Server>OCSP Responder request POST / host=ocsp.ca.test",
            "200.0>220.0 Alice's Browser>example.com Server Finished (encrypted, 69 B)",
            "200.1>220.1 Alice's Browser>example.com Server HTTP request (encrypted, 98 B)",
            "221.0>241.0 example.com Server>Alice's Browser application data (124 B)",
        ], "\(drawn)")
    }

    @Test func aStoryWithoutWireEventsDrawsItsOwnStepsLevel() {
        let record = HandshakeRecord(scenario: "s", mode: "classic", client: "Alice", site: "example.com", seq: 0,
                                     startedMs: 100, outcome: .connected, clientAddress: "127.0.1.1", connection: ConnectionID(7))
        let own = Self.events.filter { $0.party.role == .client }
        let story = ConnectionStory(record: record, events: own)
        #expect(story.wire.isEmpty)
        #expect(story.waterfall(mode: "classic").steps.allSatisfy { $0.arrivalMs == nil })
        let wired = ConnectionStory(record: record, events: Self.events)
        let waterfall = wired.waterfall(mode: "classic")
        #expect(waterfall.steps == wired.wire && waterfall.lanes.contains("DNS Resolver"), "\(waterfall.lanes)")
    }

    @Test func aRealServersFetchIsDrawnFromItsFrontDoorToTheResponder() {
        // nginx records no events: its fetch is the answer that reached it on the
        // server-responder link, 30 ms before the handshake began.
        let alice = Party.client("Alice"), own = ConnectionID(7)
        let events = [
            Self.accepted("server-responder", 5, peer: "127.0.3.1:7000", at: 50),
            Self.wire("server-responder", 5, .httpRequest(method: "POST", target: "/", host: "ocsp.ca.test"), .forward,
                      sent: 51, delivered: 61),
            Self.wire("server-responder", 5, .httpResponse(status: 200), .backward, sent: 62, delivered: 72),
            TraceEvent(time: Self.at(100), party: alice, kind: .attemptStart, connection: own),
            TraceEvent(time: Self.at(102), party: alice, kind: .clientHelloSent, connection: own),
            TraceEvent(time: Self.at(130), party: alice, kind: .stapleReceived, connection: own),
            TraceEvent(time: Self.at(130), party: alice, kind: .certificateReceived, connection: own),
            TraceEvent(time: Self.at(160), party: alice, kind: .attemptEnd, connection: own),
        ]
        let record = HandshakeRecord(scenario: "s", mode: "stapled", client: "Alice", site: "example.com", seq: 0,
                                     startedMs: 100, stapled: true, outcome: .connected, clientAddress: "127.0.1.1",
                                     connection: own)
        let story = ConnectionStory(record: record, events: events)
        let fetch = story.steps.first { $0.text == "Fetches a recent OCSP response for its own cert" }
        #expect(fetch?.from == "example.com" && fetch?.to == "example.com", "\(story.steps)")
        #expect(fetch?.timeMs == 2, "drawn at the ClientHello, as the built-in server's cached fetch is")
        #expect(fetch?.timingNote == "fetched 58.0 ms before this handshake (seen at its front door)", "\(String(describing: fetch))")
        // A built-in server's own events win: no second fetch step.
        #expect(story.steps.filter { $0.text.hasPrefix("Fetches") }.count == 1)
    }
}

/// A row's status and staple are read from the trace, the one carrier the diagram reads too.
@Suite struct RecordStatusFromTraceTests {
    @Test func theRowsStatusIsTheClientsLastStatusDecidedEvent() {
        let alice = Party.client("Alice"), own = ConnectionID(3)
        func decided(_ status: String, _ source: String) -> TraceEvent {
            TraceEvent(party: alice, kind: .statusDecided, connection: own, detail: "\(status) (\(source))",
                       payload: .status(status, source: source))
        }
        #expect(ConnectionFacts([]).status == "none")
        #expect(ConnectionFacts([TraceEvent(party: alice, kind: .attemptEnd, connection: own, detail: "good")]).status == "none",
                "a detail text is never parsed")
        #expect(ConnectionFacts([decided("unreachable:timeout", "fetched"), decided("revoked", "staple")]).status == "revoked")
    }
}

/// Every link of every party gets its own jitter stream.
@Suite struct LinkSeedTests {
    @Test func noTwoLinksOrPartiesShareASeed() {
        let parties: [UInt64] = Array(0 ... 1_001) + [WorldPlan.serverParty]
        var seeds = Set<UInt64>()
        var count = 0
        for pair in Scenario.LinkPair.allCases {
            for party in parties {
                seeds.insert(WorldPlan.linkSeed(7, pair, party: party))
                count += 1
            }
        }
        #expect(seeds.count == count, "client 1000 and the server, and the server's two links, once shared seeds")
        // The same scenario seed gives the same streams; another gives others.
        #expect(WorldPlan.linkSeed(7, .serverResponder, party: WorldPlan.serverParty) == WorldPlan.linkSeed(7, .serverResponder, party: WorldPlan.serverParty))
        #expect(WorldPlan.linkSeed(7, .serverResponder, party: WorldPlan.serverParty) != WorldPlan.linkSeed(8, .serverResponder, party: WorldPlan.serverParty))
    }
}

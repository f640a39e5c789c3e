import NIOCore
import StapleCore
import StapleTestSupport
import Testing
@testable import StapleLinks

extension LinkSocketTests {
    private struct UDPFixture {
        let server: UDPEcho
        let link: FrontDoor
        let front: SocketAddress
        let trace: Trace

        static func make(routes: [String: LinkSpec], clock: PolicyClock = TestLoop.clock()) async throws -> UDPFixture {
            let trace = Trace()
            let server = try await UDPEcho.bind(host: "127.0.7.53", echo: true)
            let link = FrontDoor(.udp, name: "dns-front", listen: "127.0.7.10", target: server.address, routes: routes,
                               trace: trace, clock: clock, group: TestLoop.group, tap: true)
            return UDPFixture(server: server, link: link, front: try await link.start(), trace: trace)
        }

        func stop() async {
            await link.stop()
            await server.close()
        }
    }

    /// Median round trip of `count` datagrams from `client` through the link, in ms.
    private func udpRoundTrips(_ client: UDPEcho, to front: SocketAddress, count: Int) async throws -> Double {
        var samples: [Double] = []
        for index in 0..<count {
            let before = client.received.count
            let start = try await client.send([UInt8(index), 0xEE], to: front)
            #expect(await TestLoop.until(timeout: 2) { client.received.count > before })
            let reply = try #require(client.received.last)
            samples.append(reply.time.milliseconds(since: start))
        }
        return TestLoop.median(samples)
    }

    @Test func udpLinkDelaysEachWayAndKeepsTheClientsAddress() async throws {
        let fixture = try await UDPFixture.make(routes: [
            "127.0.1.51": LinkSpec(name: "Alice-dns", forward: PipeEffects(latency: .milliseconds(20)),
                                   backward: PipeEffects(latency: .milliseconds(10))),
            "127.0.1.52": LinkSpec(name: "Bob-dns"),
        ])
        Teardown.add { await fixture.stop() }
        let alice = try await UDPEcho.bind(host: "127.0.1.51", echo: false)
        let bob = try await UDPEcho.bind(host: "127.0.1.52", echo: false)
        Teardown.add { await alice.close(); await bob.close() }

        // The lower bound on every attempt; the upper bound, halfway to the delays applied twice
        // (over the baseline), on one of at most three attempts: a busy machine adds, never removes.
        var attempts: [String] = []
        var passed = false
        for _ in 0..<3 where !passed {
            let baseline = try await udpRoundTrips(bob, to: fixture.front, count: 5)
            let delayed = try await udpRoundTrips(alice, to: fixture.front, count: 5)
            #expect(delayed >= 29.9, "round trip \(delayed) ms through 20 + 10 ms")
            attempts.append("\(delayed) ms (baseline \(baseline) ms)")
            passed = delayed < 45 + baseline
        }
        #expect(passed, "round trips through 20 + 10 ms: \(attempts)")
        // The resolver saw each party's own IP, never the link's.
        #expect(Set(fixture.server.received.compactMap(\.from.ipAddress)) == ["127.0.1.51", "127.0.1.52"])
        // Replies come from the address the party asked.
        #expect(alice.received.allSatisfy { $0.from == fixture.front })
        // One-way forward delay as the server saw it.
        let aliceArrivals = fixture.server.received.filter { $0.from.ipAddress == "127.0.1.51" }
        #expect(aliceArrivals.count == 5 * attempts.count)
    }

    @Test func udpLinkDropsDatagramsDuringAFault() async throws {
        let fixture = try await UDPFixture.make(routes: ["127.0.1.53": LinkSpec(name: "lossy", fault: .hang)])
        Teardown.add { await fixture.stop() }
        let client = try await UDPEcho.bind(host: "127.0.1.53", echo: false)
        Teardown.add { await client.close() }
        try await client.send([1, 2, 3], to: fixture.front)
        await TestLoop.sleep(0.2)
        #expect(client.received.isEmpty)
        #expect(fixture.server.received.isEmpty)
        let fault = try #require(fixture.trace.events.first { $0.kind == .linkFault })
        #expect(fault.party == .link("lossy"))
        #expect(fault.detail.hasPrefix("drop (hang) from 127.0.1.53:"))
        #expect(fault.bytes == 3)
    }

    @Test func udpTapReadsDNSQueryNames() async throws {
        let fixture = try await UDPFixture.make(routes: ["127.0.1.54": LinkSpec(name: "Carol-dns")])
        Teardown.add { await fixture.stop() }
        let client = try await UDPEcho.bind(host: "127.0.1.54", echo: false)
        Teardown.add { await client.close() }
        let query = try DNSMessage.query(id: 0x1234, name: "Example.COM").encoded()
        try await client.send(query, to: fixture.front)
        #expect(await TestLoop.until(timeout: 2) { client.received.count == 1 })
        // The echoed query is a query, not a response: only the forward datagram counts.
        let observations = fixture.trace.observations
        #expect(observations.count == 1)
        let seen = try #require(observations.first)
        #expect(seen.observer == .tap("Carol-dns"))
        #expect(seen.hostname == "example.com")
        #expect(seen.clientAddress == "127.0.1.54")
        #expect(seen.via == .dnsQuery)
        #expect(seen.observerAddress == "127.0.7.10:\(fixture.front.port ?? 0)")
        // The query crossed forward; its echo is a query again, not an answer.
        let wire = fixture.trace.events.compactMap(\.wire)
        #expect(wire.map(\.message) == [.dnsQuery(id: 0x1234, name: "example.com")])
        #expect(wire.first?.direction == .forward)
    }

    @Test func udpLinkRecordsDNSQueriesAndAnswersAsWireEvents() async throws {
        let fixture = try await UDPFixture.make(routes: ["127.0.1.55": LinkSpec(name: "Dave-dns")])
        Teardown.add { await fixture.stop() }
        let client = try await UDPEcho.bind(host: "127.0.1.55", echo: false)
        Teardown.add { await client.close() }
        let query = DNSMessage.query(id: 7, name: "a.test")
        try await client.send(try query.encoded(), to: fixture.front)
        #expect(await TestLoop.until(timeout: 2) { client.received.count == 1 })
        // An answer sent forward is no query; the echo brings it back as an answer.
        let answer = query.response(answers: [], code: .nameError)
        try await client.send(try answer.encoded(), to: fixture.front)
        #expect(await TestLoop.until(timeout: 2) { client.received.count == 2 })
        let events = fixture.trace.events.filter { $0.kind == .wireMessage }
        #expect(events.compactMap(\.wire).map(\.message)
                == [.dnsQuery(id: 7, name: "a.test"), .dnsAnswer(id: 7, name: "a.test", code: 3, answers: 0)])
        #expect(events.compactMap(\.wire).map(\.direction) == [.forward, .backward])
        #expect(events.allSatisfy { $0.party == .link("Dave-dns") })
        let sent = try #require(events.first?.wire)
        #expect(try #require(sent.deliveredAt) >= sent.sentAt)
    }
}

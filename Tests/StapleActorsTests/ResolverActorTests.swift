import NIOCore
import NIOPosix
import StapleCore
import StapleLinks
import StapleTestSupport
import Testing
@testable import StapleActors

@Suite(.serialized, .awaitsTeardown) struct ResolverActorTests {
    private let group = MultiThreadedEventLoopGroup.singleton

    private func resolver(_ records: [String: String] = ["example.com": "127.0.2.10", "ocsp.test": "127.0.3.10"],
                          delay: Delay = .zero, trace: Trace) -> ResolverActor {
        ResolverActor(configuration: ResolverConfiguration(host: "127.0.5.53", records: records, processingDelay: delay),
                      trace: trace, group: group)
    }

    @Test func answersKnownNamesCaseInsensitively() async throws {
        let trace = Trace()
        let dns = resolver(trace: trace)
        let server = try await dns.start()
        Teardown.add { await dns.stop() }
        let client = DNSClient(group: group, trace: trace)
        #expect(try await client.resolve("example.com", server: server, from: "127.0.1.1", timeout: .seconds(2)) == "127.0.2.10")
        #expect(try await client.resolve("OCSP.Test.", server: server, from: "127.0.1.1", timeout: .seconds(2)) == "127.0.3.10")
        let load = await dns.load
        #expect(load.queries == 2 && load.answered == 2 && load.nxdomain == 0)
    }

    @Test func unknownNamesAreNXDOMAIN() async throws {
        let trace = Trace()
        let dns = resolver(trace: trace)
        let server = try await dns.start()
        Teardown.add { await dns.stop() }
        let client = DNSClient(group: group, trace: trace)
        await #expect(throws: DNSClientError.nxdomain(name: "nowhere.test")) {
            try await client.resolve("nowhere.test", server: server, from: "127.0.1.1", timeout: .seconds(2))
        }
        #expect(await dns.load.nxdomain == 1)
        let answer = try #require(trace.events.first { $0.kind == .dnsAnswerReceived })
        #expect(answer.detail == "name=nowhere.test error=NXDOMAIN")
    }

    @Test func observationsNameWhoAskedForWhat() async throws {
        let trace = Trace()
        let dns = resolver(trace: trace)
        let server = try await dns.start()
        Teardown.add { await dns.stop() }
        let client = DNSClient(group: group, trace: trace)
        _ = try await client.resolve("Example.com", server: server, from: "127.0.1.1", timeout: .seconds(2),
                                     party: .client("Alice"), connection: ConnectionID(77))
        _ = try? await client.resolve("secret.test", server: server, from: "127.0.1.2", timeout: .seconds(2),
                                      party: .client("Bob"))
        let observations = trace.observations
        #expect(observations.map(\.hostname) == ["example.com", "secret.test"])
        #expect(observations.map(\.clientAddress) == ["127.0.1.1", "127.0.1.2"])
        #expect(observations.allSatisfy { $0.observer == .resolver() && $0.via == .dnsQuery })
        #expect(observations.allSatisfy { $0.observerAddress == "127.0.5.53:\(server.port ?? 0)" })

        let received = trace.events.filter { $0.kind == .dnsQueryReceived }
        #expect(received.count == 2)
        #expect(received[0].party == .resolver())
        #expect(received[0].detail.hasPrefix("name=example.com type=A from=127.0.1.1:"))
        #expect(received[0].detail.hasSuffix("answer=127.0.2.10"))
        #expect(received[1].detail.hasSuffix("answer=NXDOMAIN"))

        // The client's side of the same exchange, on the client's party and connection.
        let alice = trace.events.filter { $0.party == .client("Alice") }
        #expect(alice.map(\.kind) == [.dnsQuerySent, .dnsAnswerReceived])
        #expect(alice.allSatisfy { $0.connection == ConnectionID(77) })
        #expect(alice[1].detail == "name=Example.com answer=127.0.2.10")
        #expect(alice[0].time <= received[0].time && received[0].time <= alice[1].time)
    }

    @Test func processingDelayIsApplied() async throws {
        let trace = Trace()
        let fast = resolver(trace: trace)
        let fastAddress = try await fast.start()
        let client = DNSClient(group: group, trace: trace)
        var base: [Double] = []
        for _ in 0..<3 {
            let start = Instant.now()
            _ = try await client.resolve("example.com", server: fastAddress, from: "127.0.1.3", timeout: .seconds(2))
            base.append(Instant.now().milliseconds(since: start))
        }
        await fast.stop()
        let slow = resolver(delay: .milliseconds(40), trace: trace)
        let slowAddress = try await slow.start()
        Teardown.add { await slow.stop() }
        var took: [Double] = []
        for _ in 0..<3 {
            let start = Instant.now()
            _ = try await client.resolve("example.com", server: slowAddress, from: "127.0.1.3", timeout: .seconds(2))
            took.append(Instant.now().milliseconds(since: start))
        }
        // At least the delay, every time; the fastest less than halfway to the delay applied twice
        // beyond the slowest baseline (a busy machine slows some lookups, never removes the delay).
        #expect(took.allSatisfy { $0 >= 39.9 } && took.min()! < 40 + 20 + base.max()!,
                "took \(took) ms with a 40 ms delay (baseline \(base))")
    }

    @Test func aAAAForAKnownNameIsAnEmptyAnswerNotNXDOMAIN() async throws {
        let trace = Trace()
        let dns = resolver(trace: trace)
        let server = try await dns.start()
        Teardown.add { await dns.stop() }
        let reply = try await DNSTestExchange.send(DNSMessage.query(id: 5, name: "example.com", type: .aaaa),
                                                   to: server, from: "127.0.1.4")
        #expect(reply.responseCode == .noError)
        #expect(reply.answers.isEmpty)
        #expect(reply.id == 5)
    }

    @Test func lifecycle() async throws {
        let trace = Trace()
        let dns = resolver(trace: trace)
        let server = try await dns.start()
        await #expect(throws: ResolverError.alreadyStarted(name: "dns")) { _ = try await dns.start() }
        guard case .running(let address) = await dns.state else {
            Issue.record("not running after start")
            return
        }
        #expect(address == server)
        await dns.stop()
        guard case .stopped = await dns.state else {
            Issue.record("not stopped after stop")
            return
        }

        // run(): starts, serves until cancelled, then stops.
        let runner = resolver(trace: trace)
        let task = Task { try await runner.run() }
        #expect(await DNSTestExchange.until(timeout: 2) {
            if case .running = await runner.state { return true }
            return false
        })
        guard case .running(let running) = await runner.state else { return }
        let client = DNSClient(group: group, trace: trace)
        #expect(try await client.resolve("example.com", server: running, from: "127.0.1.5", timeout: .seconds(2)) == "127.0.2.10")
        task.cancel()
        try await task.value
        guard case .stopped = await runner.state else {
            Issue.record("run() returned without stopping")
            return
        }
        await #expect(throws: DNSClientError.self) {
            try await client.resolve("example.com", server: running, from: "127.0.1.5", timeout: .milliseconds(200))
        }
    }

    @Test func aBadRecordIsRejectedBeforeListening() async throws {
        let dns = ResolverActor(configuration: ResolverConfiguration(host: "127.0.5.53", records: ["x.test": "1.2.3"]),
                                trace: Trace(), group: group)
        await #expect(throws: ResolverError.invalidRecord(name: "dns", hostname: "x.test", address: "1.2.3")) {
            _ = try await dns.start()
        }
    }

    @Test(.tags(.timing)) func throughAUDPLinkTheResolverSeesTheClientAndTheDelay() async throws {
        let trace = Trace()
        let dns = resolver(trace: trace)
        let resolverAddress = try await dns.start()
        Teardown.add { await dns.stop() }
        let link = FrontDoor(.udp, name: "front:dns", listen: "127.0.5.10", target: resolverAddress,
                           routes: ["127.0.1.6": LinkSpec(name: "Alice-dns",
                                                          forward: PipeEffects(latency: .milliseconds(20)),
                                                          backward: PipeEffects(latency: .milliseconds(10)))],
                           trace: trace, clock: PolicyClock(), group: group, tap: true)
        let front = try await link.start()
        Teardown.add { await link.stop() }
        let client = DNSClient(group: group, trace: trace)

        var direct: [Double] = []
        for _ in 0..<5 {
            let start = Instant.now()
            _ = try await client.resolve("example.com", server: resolverAddress, from: "127.0.1.6", timeout: .seconds(2))
            direct.append(Instant.now().milliseconds(since: start))
        }
        var linked: [Double] = []
        for _ in 0..<5 {
            let start = Instant.now()
            #expect(try await client.resolve("example.com", server: front, from: "127.0.1.6", timeout: .seconds(2)) == "127.0.2.10")
            linked.append(Instant.now().milliseconds(since: start))
        }
        // Every exchange through the link took its 20 + 10 ms at least, and the link held each
        // query exactly 20 ms and each answer 10 ms, once (its own wire records: no bound on how
        // fast a shared machine answers).
        #expect(linked.allSatisfy { $0 >= 29.9 }, "through 20 + 10 ms: \(linked), direct \(direct)")
        let held = trace.events.compactMap(\.wire).compactMap { event -> (String, Double)? in
            guard let delivered = event.deliveredAt else { return nil }
            return (event.message.name, delivered.milliseconds(since: event.sentAt))
        }
        #expect(held.filter { $0.0 == "dns.query" }.count == 5 && held.filter { $0.0 == "dns.answer" }.count == 5, "\(held)")
        #expect(held.allSatisfy { abs($0.1 - ($0.0 == "dns.query" ? 20 : 10)) < 0.001 }, "\(held)")

        // The resolver saw Alice's address through the link, and so did the link's tap.
        let resolverSaw = trace.observations.filter { $0.observer == .resolver() }
        #expect(resolverSaw.count == 10)
        #expect(resolverSaw.allSatisfy { $0.clientAddress == "127.0.1.6" && $0.hostname == "example.com" })
        let tapSaw = trace.observations.filter { $0.observer == .tap("Alice-dns") }
        #expect(tapSaw.count == 5)
        #expect(tapSaw.allSatisfy { $0.clientAddress == "127.0.1.6" && $0.via == .dnsQuery })
    }
}

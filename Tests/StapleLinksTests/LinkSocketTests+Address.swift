import NIOCore
import StapleCore
import StapleTestSupport
import Testing
@testable import StapleLinks

extension LinkSocketTests {
    @Test func theActorSeesTheClientsOwnAddressNotTheProxys() async throws {
        let fixture = try await LinkFixture.make(routes: ["127.0.1.41": LinkSpec(name: "Alice-site")])
        Teardown.add { await fixture.stop() }
        let alice = try await fixture.connect(from: "127.0.1.41")
        let bob = try await fixture.connect(from: "127.0.1.42")
        _ = try await alice.exchange([1])
        _ = try await bob.exchange([2])
        #expect(Set(fixture.server.peerIPs) == ["127.0.1.41", "127.0.1.42"])
        #expect(!fixture.server.peerIPs.contains(fixture.front.ipAddress ?? ""))

        // The link's accept event names the downstream peer exactly (IP and port), and the
        // connection's spec by source: Alice's route, Bob the default.
        let accepted = fixture.events(.linkAccepted)
        let alicePort = try #require(alice.localAddress?.port)
        #expect(accepted.contains { $0.party == .link("Alice-site") && $0.detail == "peer=127.0.1.41:\(alicePort)" })
        let bobPort = try #require(bob.localAddress?.port)
        #expect(accepted.contains { $0.party == .link("front") && $0.detail == "peer=127.0.1.42:\(bobPort)" })
        #expect(Set(accepted.map(\.connection)).count == 2)
        await alice.close()
        await bob.close()
    }

    @Test func halfCloseTravelsThroughTheLink() async throws {
        // The actor answers only after the client's request is complete, then the client shuts
        // down its output: the link forwards the FIN without losing the answer.
        let fixture = try await LinkFixture.make(behaviour: .canned(reply: Array("pong".utf8), after: 4))
        Teardown.add { await fixture.stop() }
        let client = try await fixture.connect(from: "127.0.1.43")
        try await client.send(Array("ping".utf8))
        try await client.channel.close(mode: .output)
        _ = try await client.arrival(ofTotal: 4)
        #expect(client.seen.bytes == Array("pong".utf8))
    }

    @Test func stopDeliversQueuedBytesBeforeClosing() async throws {
        let spec = LinkSpec(name: "slow", forward: PipeEffects(latency: .seconds(5)), emulateTCPHandshake: false)
        let fixture = try await LinkFixture.make(routes: ["127.0.1.44": spec])
        let client = try await fixture.connect(from: "127.0.1.44")
        try await client.send(Array(repeating: 9, count: 100))
        await TestLoop.sleep(0.05)     // the bytes are queued in the link, seconds from their deadline
        #expect(fixture.server.seen.received == 0)
        await fixture.link.stop()
        #expect(await TestLoop.until(timeout: 2) { fixture.server.seen.received == 100 },
                "stop dropped queued bytes: the actor got \(fixture.server.seen.received)")
        #expect(await client.closed(timeout: 2) != nil)
        #expect(fixture.link.openConnections == 0)
        await fixture.server.stop()
    }

    @Test func bytesSentJustBeforeACloseStillReachTheActor() async throws {
        // The client writes and closes before the emulated SYN (30 ms) has even reached the actor.
        let spec = LinkSpec.symmetric(name: "early-close", latency: .milliseconds(30))
        let fixture = try await LinkFixture.make(routes: ["127.0.1.45": spec])
        Teardown.add { await fixture.stop() }
        let client = try await fixture.connect(from: "127.0.1.45")
        try await client.send(Array("bye".utf8))
        await client.close()
        #expect(await TestLoop.until(timeout: 2) { fixture.server.seen.received == 3 })
        #expect(await TestLoop.until(timeout: 2) { fixture.server.seen.closes == 1 }, "the FIN follows the bytes")
        #expect(await TestLoop.until(timeout: 2) { fixture.link.openConnections == 0 })
    }
}

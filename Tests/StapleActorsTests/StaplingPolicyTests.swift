import Foundation
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// The signature behaviour of each server stapling policy, seen by a real client.
@Suite struct StaplingPolicyTests {
    static let port = ActorWorld.serverPort

    @Test func lazyFirstHandshakeIsUnstapledThenStapled() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(policy: .lazy)
        try await server.start()
        let alice = try world.client()
        let first = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(!first.stapled)
        #expect(first.statusSource == "fetched", "without a staple Firefox falls back to asking itself")
        // The first handshake started the server's own fetch; it lands shortly after.
        #expect(await ActorWorld.eventually { await responder.requests.contains { $0.requesterIP == world.serverIP } })
        alice.clearCache()
        var later = first
        #expect(await ActorWorld.eventually {
            later = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
            return later.stapled
        })
        #expect(later.status == "good")
        #expect(later.statusSource == "staple")
        // The server asked once; Alice once (for the first, unstapled handshake).
        let requesters = await responder.requests.map(\.requesterIP)
        #expect(requesters.filter { $0 == world.serverIP }.count == 1)
        await server.stop()
        await responder.stop()
    }

    @Test func lazyNeverStaplesARevokedStatus() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(policy: .lazy)
        try await server.start()
        var profile = RevocationProfile.firefox
        profile.fallback = .none // see only what the server staples
        let alice = try world.client(profile: profile)
        _ = await alice.connect(site: "revoked.test", port: Self.port, mode: .stapled)
        #expect(await ActorWorld.eventually { await responder.requests.contains { $0.hostnames == ["revoked.test"] } })
        try await Task.sleep(nanoseconds: 200_000_000)
        for _ in 0..<3 {
            let result = await alice.connect(site: "revoked.test", port: Self.port, mode: .stapled)
            #expect(!result.stapled)
            #expect(result.outcome == .softFail)
        }
        await server.stop()
        await responder.stop()
    }

    @Test func lazyDoesNotRetryInsideTheRetryWindow() async throws {
        // 1 real second = 100 scenario seconds: the 300 s window lasts 3 s.
        let world = try ActorWorld(scale: 100)
        let responder = world.responder(outages: [ResponderOutage(kind: .tryLater, from: 0, to: 150)])
        try await responder.start()
        let server = try world.server(policy: .lazy)
        try await server.start()
        var profile = RevocationProfile.firefox
        profile.fallback = .none
        let alice = try world.client(profile: profile)
        _ = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(await ActorWorld.eventually { await responder.requestCount == 1 })
        #expect(await responder.requests.first?.answer == "tryLater")
        // Handshakes inside the window (the responder is back after 150 s) start no new fetch.
        for _ in 0..<5 {
            let result = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
            #expect(!result.stapled)
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        // The window runs from the failed fetch (on a loaded machine it may start late).
        let failedAt = try #require(await responder.requests.first).time
        let windowEnd = world.clock.time(at: failedAt) - world.clock.epoch + 300
        #expect(world.clock.elapsed() < windowEnd)
        #expect(await responder.requestCount == 1, "no retry for 300 s after a failed fetch")
        // After the window, the next handshake triggers a fetch, which now succeeds.
        try await Task.sleep(nanoseconds: UInt64(max(0, (windowEnd + 10 - world.clock.elapsed()) / 100) * 1e9))
        _ = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        let fetchedAgain = await ActorWorld.eventually { await responder.requestCount == 2 }
        #expect(fetchedAgain)
        #expect(await ActorWorld.eventually { await alice.connect(site: "example.com", port: Self.port, mode: .stapled).stapled })
        await server.stop()
        await responder.stop()
    }

    @Test func lazyKeepsAStaleResponseUntilNextUpdate() async throws {
        // 1 real second = 30 scenario minutes; responses valid 2 h; the responder fails from 30 min on.
        let world = try ActorWorld(scale: 1800)
        let responder = world.responder(validity: .seconds(7200),
                                        outages: [ResponderOutage(kind: .tryLater, from: 1800, to: 86_400)])
        try await responder.start()
        let server = try world.server(policy: .lazy)
        try await server.start()
        var profile = RevocationProfile.firefox
        profile.fallback = .none
        profile.cache = false
        let alice = try world.client(profile: profile)
        _ = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(await ActorWorld.eventually(within: 0.8) { await alice.connect(site: "example.com", port: Self.port, mode: .stapled).stapled })
        // Past the refresh time (1 h after the fetch) the refresh fails, but the response is still
        // valid: stapled. Times count from the server's fetch (it may start late on a loaded machine).
        let fetchedAt = try #require(await responder.requests.first { $0.requesterIP == world.serverIP }).time
        let fetched = world.clock.time(at: fetchedAt) - world.clock.epoch
        try await Task.sleep(nanoseconds: UInt64(max(0, (fetched + 4500 - world.clock.elapsed()) / 1800) * 1e9))
        let stale = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(stale.stapled, "a valid older response is stapled while refreshes fail")
        #expect(stale.status == "good")
        #expect(await ActorWorld.eventually { await responder.requests.contains { $0.answer == "tryLater" } })
        // Past nextUpdate (2 h after the fetch) nothing is stapled any more.
        try await Task.sleep(nanoseconds: UInt64(max(0, (fetched + 7800 - world.clock.elapsed()) / 1800) * 1e9))
        let expired = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(!expired.stapled)
        await server.stop()
        await responder.stop()
    }

    @Test func blockingStaplesTheFirstHandshakeAndIsSlowedByTheResponder() async throws {
        let world = try ActorWorld()
        let responder = world.responder(delay: .milliseconds(300))
        try await responder.start()
        let server = try world.server(policy: .blocking)
        try await server.start()
        let alice = try world.client()
        let start = Date()
        let first = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        let firstTime = Date().timeIntervalSince(start)
        #expect(first.stapled)
        #expect(first.status == "good")
        #expect(firstTime >= 0.3, "the handshake waited for the responder")
        let start2 = Date()
        let second = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(second.stapled)
        #expect(Date().timeIntervalSince(start2) < firstTime, "the second comes from the cache")
        #expect(await responder.requestCount == 1)
        await server.stop()
        await responder.stop()
    }

    @Test(arguments: [ResponderOutage.Kind.hang, .refuse, .tryLater])
    func blockingStaplesTryLaterWhenTheResponderIsDown(kind: ResponderOutage.Kind) async throws {
        let world = try ActorWorld()
        let responder = world.responder(outages: [ResponderOutage(kind: kind, from: 0, to: 86_400)])
        try await responder.start()
        let server = try world.server(policy: .blocking, responderTimeout: .milliseconds(300))
        try await server.start()
        var profile = RevocationProfile.firefox
        profile.fallback = .none
        let result = try await world.client(profile: profile).connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(result.stapled, "a tryLater response is stapled")
        #expect(result.status == "staple-tryLater")
        #expect(result.outcome == .softFail)
        await server.stop()
        await responder.stop()
    }

    @Test func blockingKeepsItsMadeUpTryLaterForTheStandardHour() async throws {
        // As Apache 2.4 does: the tryLater made up when the responder is unreachable is cached like
        // a good response (1 h), so it is still stapled after the responder is back.
        // 1 real second = 400 scenario seconds: the refuse window (0–60 s) ends after 0.15 s, and
        // the error cache timeout (600 s) it must outlast passes after 1.5 s.
        let world = try ActorWorld(scale: 400)
        let responder = world.responder(outages: [ResponderOutage(kind: .refuse, from: 0, to: 60)])
        try await responder.start()
        let server = try world.server(policy: .blocking, responderTimeout: .milliseconds(300))
        try await server.start()
        var profile = RevocationProfile.firefox
        profile.fallback = .none
        let alice = try world.client(profile: profile)
        let first = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(first.status == "staple-tryLater")
        try await Task.sleep(nanoseconds: UInt64(max(0, (700 - world.clock.elapsed()) / 400) * 1e9))
        #expect(world.clock.elapsed() > 600 && world.clock.elapsed() < 3600)
        let later = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(later.status == "staple-tryLater", "still the cached made-up tryLater")
        #expect(await responder.requestCount == 0, "no new fetch while it is cached")
        await server.stop()
        await responder.stop()
    }

    @Test func blockingStaplesRevokedResponses() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(policy: .blocking)
        try await server.start()
        let result = try await world.client().connect(site: "revoked.test", port: Self.port, mode: .stapled)
        #expect(result.stapled)
        #expect(result.outcome == .hardFail)
        #expect(result.error == "revoked (keyCompromise) (staple)")
        await server.stop()
        await responder.stop()
    }

    @Test func proactiveStaplesFromTheFirstHandshakeAndSurvivesARestart() async throws {
        let world = try ActorWorld()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("staplebench-proactive-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(policy: .proactive, cacheDirectory: folder)
        try await server.start()
        #expect(await responder.requestCount == 2, "one fetch per site at start-up")
        var profile = RevocationProfile.firefox
        profile.fallback = .none
        let alice = try world.client(profile: profile)
        let first = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(first.stapled)
        #expect(first.status == "good")
        #expect(FileManager.default.fileExists(atPath: folder + "/example.com.ocsp.der"))
        // The responder goes away; the restarted server staples from disk.
        await responder.stop()
        await server.restart()
        #expect(world.trace.events.contains { $0.kind == .serverRestarted && $0.party == .server("example.com") })
        let afterRestart = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(afterRestart.stapled)
        #expect(afterRestart.status == "good")
        await server.stop()
    }

    @Test func mustStapleClientsFailAgainstAColdLazyServer() async throws {
        let world = try ActorWorld(mustStaple: true)
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(policy: .lazy)
        try await server.start()
        let alice = try world.client()
        let cold = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(cold.outcome == .hardFail)
        #expect(cold.error == "no staple for a must-staple certificate")
        #expect(await ActorWorld.eventually { await alice.connect(site: "example.com", port: Self.port, mode: .stapled).outcome == .connected })
        await server.stop()
        await responder.stop()
    }

    @Test func stapledWithoutVerificationStaplesWhateverTheResponderSaid() async throws {
        // A responder answering garbage: a verifying lazy server staples nothing, a server with
        // verify off staples the garbage and the client rejects it.
        let world = try ActorWorld()
        let responder = world.responder(outages: [ResponderOutage(kind: .malformed, from: 0, to: 86_400)])
        try await responder.start()
        let server = try world.server(policy: .blocking, verify: false)
        try await server.start()
        let result = try await world.client().connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(result.stapled)
        #expect(result.outcome == .softFail || result.outcome == .hardFail)
        await server.stop()
        await responder.stop()
    }
}

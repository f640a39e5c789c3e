import Foundation
import StapleTestSupport
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// The signature behaviour of each server stapling policy, seen by a real client.
@Suite(.awaitsTeardown) struct StaplingPolicyTests {
    static let port = ActorWorld.serverPort

    @Test func lazyFirstHandshakeIsUnstapledThenStapled() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(policy: .lazy)
        try await server.start()
        let alice = try world.client()
        let first = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(!world.facts(first).stapled)
        #expect(world.facts(first).statusSource == "fetched", "without a staple Firefox falls back to asking itself")
        // The first handshake started the server's own fetch; it lands shortly after.
        #expect(await ActorWorld.eventually { await responder.requests.contains { $0.requesterIP == world.serverIP } })
        alice.clearCache()
        var later = first
        #expect(await ActorWorld.eventually {
            later = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
            return world.facts(later).stapled
        })
        #expect(world.facts(later).status == "good")
        #expect(world.facts(later).statusSource == "staple")
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
        // The server's fetch has its answer (`revoked`) before the next handshakes: no sleep.
        #expect(await ActorWorld.eventually {
            world.trace.events.contains { $0.party == .server("example.com") && $0.kind == .ocspFetchEnd }
        })
        for _ in 0..<3 {
            let result = await alice.connect(site: "revoked.test", port: Self.port, mode: .stapled)
            #expect(!world.facts(result).stapled)
            #expect(result.outcome == .softFail)
        }
        await server.stop()
        await responder.stop()
    }

    @Test func lazyDoesNotRetryInsideTheRetryWindow() async throws {
        // A manual policy clock: scenario time moves only when the test advances it.
        let world = try ActorWorld(clock: .manual())
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
        // Once the failure is stored (no fetch in progress any more), the retry window runs 0–300 s.
        #expect(await ActorWorld.eventually {
            _ = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
            return world.lastStapleNotSent() == "no cached response"
        })
        // At 200 s the responder is back (its outage ended at 150 s), but the window is not over:
        // no handshake starts a fetch. Had the first one started one, the second would say
        // "fetch in progress" (or staple, had it landed).
        world.clock.advance(toElapsed: 200)
        for _ in 0..<2 {
            let result = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
            #expect(!world.facts(result).stapled)
            #expect(world.lastStapleNotSent() == "no cached response")
        }
        #expect(await responder.requestCount == 1, "no retry for 300 s after a failed fetch")
        // After the window, the next handshake triggers a fetch, which now succeeds.
        world.clock.advance(toElapsed: 301)
        let trigger = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(!world.facts(trigger).stapled, "the fetch starts after this handshake's answer")
        #expect(await ActorWorld.eventually { await responder.requestCount == 2 })
        #expect(await responder.requests.last?.answer == "good")
        #expect(await ActorWorld.eventually { world.facts(await alice.connect(site: "example.com", port: Self.port, mode: .stapled)).stapled })
        await server.stop()
        await responder.stop()
    }

    @Test func lazyKeepsAStaleResponseUntilNextUpdate() async throws {
        // Responses valid 2 h; the responder fails (tryLater) from 30 min on. Manual clock.
        let world = try ActorWorld(clock: .manual())
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
        // Fetched at 0 s: valid until 7200 s, refreshed from 3600 s on.
        #expect(await ActorWorld.eventually { world.facts(await alice.connect(site: "example.com", port: Self.port, mode: .stapled)).stapled })
        #expect(await responder.requests.map(\.answer) == ["good"])
        // At 4500 s (past the refresh time) the handshake starts a refresh, which fails, but the
        // response is still valid: stapled.
        world.clock.advance(toElapsed: 4500)
        let stale = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(world.facts(stale).stapled, "a valid older response is stapled while refreshes fail")
        #expect(world.facts(stale).status == "good")
        #expect(await ActorWorld.eventually { await responder.requests.map(\.answer) == ["good", "tryLater"] })
        // Once the failed refresh has ended on the server, the old response is still stapled.
        #expect(await ActorWorld.eventually {
            world.trace.events.filter { $0.party == .server("example.com") && $0.kind == .ocspFetchEnd }.count == 2
        })
        let stillStale = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(world.facts(stillStale).stapled && world.facts(stillStale).status == "good")
        // Past nextUpdate (7200 s) nothing is stapled any more.
        world.clock.advance(toElapsed: 7800)
        let expired = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(!world.facts(expired).stapled)
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
        #expect(world.facts(first).stapled)
        #expect(world.facts(first).status == "good")
        #expect(firstTime >= 0.3, "the handshake waited for the responder")
        let second = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(world.facts(second).stapled)
        // The second comes from the cache: no second fetch (timing it would bound the machine's speed).
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
        #expect(world.facts(result).stapled, "a tryLater response is stapled")
        #expect(world.facts(result).status == "staple-tryLater")
        #expect(result.outcome == .softFail)
        await server.stop()
        await responder.stop()
    }

    @Test func blockingKeepsItsMadeUpTryLaterForTheStandardHour() async throws {
        // As Apache 2.4 does: the tryLater made up when the responder is unreachable is cached like
        // a good response (1 h), so it is still stapled after the responder is back, past the
        // error cache timeout (600 s), and replaced only after the hour. Manual clock.
        let world = try ActorWorld(clock: .manual())
        let down = world.responder(outages: [ResponderOutage(kind: .refuse, from: 0, to: 86_400)])
        try await down.start()
        let server = try world.server(policy: .blocking, responderTimeout: .milliseconds(300))
        try await server.start()
        var profile = RevocationProfile.firefox
        profile.fallback = .none
        let alice = try world.client(profile: profile)
        let first = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(world.facts(first).status == "staple-tryLater")
        // The responder is back (a fresh one on the same address), at 700 s.
        await down.stop()
        let back = world.responder()
        try await back.start()
        world.clock.advance(toElapsed: 700)
        let later = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(world.facts(later).status == "staple-tryLater", "still the cached made-up tryLater")
        #expect(await back.requestCount == 0, "no new fetch while it is cached")
        // After the standard hour the server fetches again and staples the good response.
        world.clock.advance(toElapsed: 3601)
        let afterTheHour = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(world.facts(afterTheHour).stapled)
        #expect(world.facts(afterTheHour).status == "good")
        #expect(await back.requestCount == 1)
        await server.stop()
        await back.stop()
    }

    @Test func blockingStaplesRevokedResponses() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(policy: .blocking)
        try await server.start()
        let result = try await world.client().connect(site: "revoked.test", port: Self.port, mode: .stapled)
        #expect(world.facts(result).stapled)
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
        #expect(world.facts(first).stapled)
        #expect(world.facts(first).status == "good")
        #expect(FileManager.default.fileExists(atPath: folder + "/example.com.ocsp.der"))
        // The responder goes away; the restarted server staples from disk.
        await responder.stop()
        await server.restart()
        #expect(world.trace.events.contains { $0.kind == .serverRestarted && $0.party == .server("example.com") })
        let afterRestart = await alice.connect(site: "example.com", port: Self.port, mode: .stapled)
        #expect(world.facts(afterRestart).stapled)
        #expect(world.facts(afterRestart).status == "good")
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

    @Test func aClassicMustStapleCertificateIsRefusedByAnEnforcingProfileWithoutAskingAnyone() async throws {
        // A classic server staples nothing: the firefox profile (must-staple enforced, as real
        // Firefox) refuses at once; chrome (must-staple ignored) asks nobody and connects.
        let world = try ActorWorld(mustStaple: true)
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(policy: .lazy)
        try await server.start()
        let firefox = try await world.client().connect(site: "example.com", port: Self.port, mode: .classic)
        #expect(firefox.outcome == .hardFail && world.facts(firefox).status == "no-staple", "\(firefox)")
        #expect(firefox.error == "no staple for a must-staple certificate")
        let chrome = try await world.client("Carol", number: 2, profile: .chrome).connect(site: "example.com", port: Self.port,
                                                                                    mode: .classic)
        #expect(chrome.outcome == .connected, "\(chrome)")
        #expect(!world.trace.events.contains { $0.party.role == .client && $0.kind == .ocspFetchStart }, "no client asked the responder")
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
        #expect(world.facts(result).stapled)
        #expect(result.outcome == .softFail || result.outcome == .hardFail)
        await server.stop()
        await responder.stop()
    }
}

import Foundation
import StapleTestSupport
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// How long after the CA revokes `revoked.test` (at scenario second 100) each mechanism's
/// caches keep a client accepting it: real actors on a manual policy clock, probed at chosen
/// scenario times, against windows worked out by hand from each cache's rule.
@Suite(.awaitsTeardown) struct ExposureWindowTests {
    static let revokeAt = 100.0

    /// Connections at chosen scenario times, kept as records for ``ExposureWindow``.
    final class Probes: @unchecked Sendable {
        // @unchecked Sendable: used by one test task at a time.
        let clock: PolicyClock
        var records: [HandshakeRecord] = []
        init(clock: PolicyClock) { self.clock = clock }

        /// Moves the clock to `time` and connects; returns the outcome.
        func at(_ time: Double, _ client: ClientActor, mode: RevocationMode,
                site: String = "revoked.test") async -> HandshakeRecord.Outcome {
            clock.advance(toElapsed: time)
            let result = await client.connect(site: site, port: ActorWorld.serverPort, mode: mode)
            var record = HandshakeRecord(scenario: "exposure", mode: mode.rawValue, client: client.config.name, site: site,
                                         seq: records.count, startedMs: 0, outcome: result.outcome, error: result.error)
            record.scenarioTimeS = time
            records.append(record)
            return result.outcome
        }

        var exposure: Double? { ExposureWindow.seconds(records: records, revokedAt: ["revoked.test": revokeAt]) }
    }

    @Test func classicCachingClientIsExposedUntilItsCachedAnswerExpires() async throws {
        // The answer fetched at 0 is good until its nextUpdate, 3600: cached until then.
        let clock = PolicyClock.manual()
        let world = try ActorWorld(clock: clock)
        try await world.responder(validity: .seconds(3600), revokeAt: Self.revokeAt).start()
        try await world.server(stapling: false).start()
        let alice = try world.client()
        let probes = Probes(clock: clock)
        #expect(await probes.at(0, alice, mode: .classic) == .connected)
        #expect(await probes.at(100, alice, mode: .classic) == .connected)
        #expect(await probes.at(3599, alice, mode: .classic) == .connected)
        #expect(await probes.at(3600, alice, mode: .classic) == .hardFail)
        #expect(probes.exposure == 3500)
    }

    @Test func classicClientWithoutACacheRefusesAtOnce() async throws {
        let clock = PolicyClock.manual()
        let world = try ActorWorld(clock: clock)
        try await world.responder(validity: .seconds(3600), revokeAt: Self.revokeAt).start()
        try await world.server(stapling: false).start()
        var profile = RevocationProfile.firefox
        profile.cache = false
        let alice = try world.client(profile: profile)
        let probes = Probes(clock: clock)
        #expect(await probes.at(0, alice, mode: .classic) == .connected)
        #expect(await probes.at(100, alice, mode: .classic) == .hardFail)
        #expect(probes.exposure == 0)
    }

    @Test func crlClientIsExposedUntilTheNextListItHolds() async throws {
        // Lists are issued every 1000 s; the one from 0 (valid to 1000) predates the revocation,
        // the one from 1000 lists it: refused from 1000, 900 s after the revocation.
        let clock = PolicyClock.manual()
        let world = try ActorWorld(clock: clock, crl: true)
        let responder = world.responder(crlInterval: .seconds(1000), revokeAt: Self.revokeAt)
        try await responder.start()
        try await world.server(stapling: false).start()
        let alice = try world.client()
        let probes = Probes(clock: clock)
        #expect(await probes.at(0, alice, mode: .crl) == .connected)
        #expect(await probes.at(100, alice, mode: .crl) == .connected)
        #expect(await probes.at(999, alice, mode: .crl) == .connected)
        #expect(await responder.requestCount == 1)
        #expect(await probes.at(1000, alice, mode: .crl) == .hardFail)
        #expect(await responder.requestCount == 2)
        #expect(probes.exposure == 900)
    }

    /// A lazy server fetched a good staple at 0 (valid to 7200, refresh due at 3600). After the
    /// revocation its refresh gets `revoked`, which nginx does not staple: it keeps stapling the
    /// good response until its nextUpdate, then staples nothing.
    private func lazyWorld(mustStaple: Bool = false) async throws -> (ActorWorld, PolicyClock) {
        let clock = PolicyClock.manual()
        let world = try ActorWorld(mustStaple: mustStaple, clock: clock)
        try await world.responder(validity: .seconds(7200), revokeAt: Self.revokeAt).start()
        try await world.server(policy: .lazy).start()
        return (world, clock)
    }

    @Test func lazyServerSoftFailClientWithFallbackRefusesOnceTheGoodStapleExpires() async throws {
        let (world, clock) = try await lazyWorld()
        var profile = RevocationProfile.firefox
        profile.cache = false
        let alice = try world.client(profile: profile)
        let probes = Probes(clock: clock)
        #expect(await probes.at(0, alice, mode: .stapled) == .connected) // no staple yet: Alice asks herself
        #expect(await ActorWorld.eventually {
            world.facts(await alice.connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .stapled)).stapled
        })
        #expect(await probes.at(100, alice, mode: .stapled) == .connected)  // the good staple
        #expect(await probes.at(3700, alice, mode: .stapled) == .connected) // refresh says revoked: old one kept
        #expect(await probes.at(7201, alice, mode: .stapled) == .hardFail)  // no staple: Alice's own fetch says revoked
        #expect(probes.exposure == 7101)
    }

    @Test func lazyServerChromeNeverRefuses() async throws {
        let (world, clock) = try await lazyWorld()
        let bob = try world.client("Bob", profile: .chrome)
        let probes = Probes(clock: clock)
        _ = await probes.at(0, bob, mode: .stapled)
        #expect(await ActorWorld.eventually {
            world.facts(await bob.connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .stapled)).stapled
        })
        #expect(await probes.at(100, bob, mode: .stapled) == .connected)
        #expect(await probes.at(7201, bob, mode: .stapled) == .connected, "no staple, no online check: accepted")
        #expect(probes.exposure == .infinity)
    }

    @Test func lazyServerMustStapleClientRefusesWithoutAStaple() async throws {
        let (world, clock) = try await lazyWorld(mustStaple: true)
        let bob = try world.client("Bob", profile: .chrome) // Chrome ignores must-staple…
        var profile = RevocationProfile.chrome
        profile.mustStaple = .enforce                       // …a client that enforces it refuses
        let carol = try world.client("Carol", number: 3, profile: profile)
        let probes = Probes(clock: clock)
        _ = await probes.at(0, carol, mode: .stapled)
        #expect(await ActorWorld.eventually {
            world.facts(await carol.connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .stapled)).stapled
        })
        #expect(await probes.at(100, carol, mode: .stapled) == .connected)
        #expect(await probes.at(7201, carol, mode: .stapled) == .hardFail)
        #expect(probes.exposure == 7101)
        #expect(await probes.at(7202, bob, mode: .stapled) == .connected)
        #expect(probes.exposure == .infinity, "Bob never refused: the worst pair decides")
    }

    @Test func aPushedSetFromBeforeTheRevocationAcceptsAndTheNextOneRefuses() async throws {
        // Sets are published every 1000 s. Alice's first check downloads the set of 0 (it does
        // not list the certificate: revoked only at 100). At 1000 her copy is stale: that
        // handshake starts a background download and still uses the old copy; the next one
        // uses the set of 1000, which lists it: refused at 1001, 901 s after the revocation.
        let clock = PolicyClock.manual()
        let world = try ActorWorld(clock: clock)
        let responder = world.responder(revokeAt: Self.revokeAt, pushInterval: .seconds(1000))
        try await responder.start()
        try await world.server(stapling: false).start()
        let alice = try world.client(pushURL: ActorWorld.pushURL)
        let probes = Probes(clock: clock)
        #expect(await probes.at(0, alice, mode: .pushed) == .connected)
        #expect(await probes.at(0, alice, mode: .pushed, site: "example.com") == .connected)
        #expect(await responder.requestCount == 1, "one set, checked locally for every site")
        #expect(await probes.at(100, alice, mode: .pushed) == .connected)
        #expect(await probes.at(999, alice, mode: .pushed) == .connected)
        #expect(await responder.requestCount == 1)
        #expect(await probes.at(1000, alice, mode: .pushed) == .connected, "the stale copy, while the new one downloads")
        #expect(await ActorWorld.eventually { await responder.requestCount == 2 })
        #expect(await ActorWorld.eventually {
            world.trace.events.contains { $0.kind == .crlFetchEnd && $0.party == .client("Alice") && $0.connection == .none }
        })
        #expect(await probes.at(1001, alice, mode: .pushed) == .hardFail)
        #expect(probes.exposure == 901)
        // No hostname ever reaches the CA, and the server never staples.
        let learned = world.trace.observations.filter { $0.observer.role == .responder }
        #expect(learned.count == 2 && learned.allSatisfy { $0.hostname.isEmpty && $0.via == .pushRequest })
        // Chrome-like or not, every profile checks the pushed set: Carol's first set lists it.
        let carol = try world.client("Carol", number: 3, profile: .chrome, pushURL: ActorWorld.pushURL)
        #expect(await carol.connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .pushed).outcome == .hardFail)
    }

    @Test func softFailClientsAcceptForEverWhenTheResponderIsDownAndHardFailOnesRefuse() async throws {
        // The responder answers only tryLater from 50 s on. Neither client caches: at 0 both get
        // `good`; after the revocation (100) neither learns anything. Firefox (soft-fail) connects
        // anyway, for ever; firefox-strict (hard-fail) refuses its first attempt after it, at 150.
        let clock = PolicyClock.manual()
        let world = try ActorWorld(clock: clock)
        try await world.responder(validity: .seconds(3600), outages: [ResponderOutage(kind: .tryLater, from: 50, to: 1_000_000)],
                                  revokeAt: Self.revokeAt).start()
        try await world.server(stapling: false).start()
        var soft = RevocationProfile.firefox, hard = RevocationProfile.firefoxStrict
        soft.cache = false
        hard.cache = false
        let alice = try world.client("Alice", profile: soft)
        let dave = try world.client("Dave", number: 4, profile: hard)
        let probes = Probes(clock: clock)
        #expect(await probes.at(0, alice, mode: .classic) == .connected)
        #expect(await probes.at(0, dave, mode: .classic) == .connected)
        #expect(await probes.at(150, alice, mode: .classic) == .softFail)
        #expect(await probes.at(150, dave, mode: .classic) == .hardFail)
        #expect(await probes.at(5000, alice, mode: .classic) == .softFail)
        let perClient = ExposureWindow.perClient(records: probes.records, revokedAt: ["revoked.test": Self.revokeAt])
        #expect(perClient.map { "\($0.client) \($0.seconds)" } == ["Alice inf", "Dave 50.0"])
        #expect(probes.exposure == .infinity)
    }

    @Test func proactiveServerStaplesTheRevokedAnswerAtItsNextRefresh() async throws {
        // A proactive (Caddy-like) server fetches before serving (at 0, valid 6 s) and refreshes
        // at half the validity, 3 s, on the manual policy clock: the refresh runs when the test
        // moves the clock to 3, never before and never by real time. It gets `revoked`, which it
        // staples: refused from 3, 2 s after the revocation at 1. (A whole-second epoch: OCSP
        // times are whole seconds, so the refresh falls at 3, not 3 minus the epoch's fraction.)
        let clock = PolicyClock.manual(epoch: PolicyClock.wallTime().rounded(.down))
        let world = try ActorWorld(clock: clock)
        let responder = world.responder(validity: .seconds(6), revokeAt: 1)
        try await responder.start()
        let server = try world.server(policy: .proactive)
        try await server.start()
        let bob = try world.client("Bob", profile: .chrome)
        let probes = Probes(clock: clock)
        #expect(await responder.requestCount == 2, "one fetch per site before serving")
        #expect(clock.pendingAlarms == 2, "one refresh per site, waiting for scenario second 3")
        #expect(await probes.at(0, bob, mode: .stapled) == .connected)
        #expect(await probes.at(2.999, bob, mode: .stapled) == .connected, "the good staple fetched at 0")
        #expect(await responder.requestCount == 2, "no refresh before 3, none in a handshake")
        clock.advance(toElapsed: 3)
        // Both sites refresh once; each one's next refresh (at 6, half of 3…9) waits again.
        #expect(await ActorWorld.eventually { await responder.requestCount == 4 && clock.pendingAlarms == 2 },
                "the refresh at half the validity")
        #expect(await responder.requests.suffix(2).map(\.answer).sorted() == ["good", "revoked"])
        #expect(await probes.at(3, bob, mode: .stapled) == .hardFail, "the revoked staple, even for Chrome")
        #expect(await responder.requestCount == 4)
        #expect(ExposureWindow.seconds(records: probes.records, revokedAt: ["revoked.test": 1]) == 2)
        await server.stop()
        #expect(clock.pendingAlarms == 0, "stop cancels the pending refreshes")
    }

    @Test func aShortLivedCertificateIsExposedUntilItExpires() async throws {
        // A 4600 s certificate (from an hour before the start to 1000 s after), under Firefox's
        // 10-day threshold: nothing is checked online, so it is accepted until its notAfter
        // (scenario time) and refused from then on: 900 s after the revocation at 100.
        let clock = PolicyClock.manual()
        let world = try ActorWorld(clock: clock, validity: Validity(notBefore: clock.epoch - 3600, notAfter: clock.epoch + 1000))
        let responder = world.responder(validity: .seconds(3600), revokeAt: Self.revokeAt)
        try await responder.start()
        try await world.server(stapling: false).start()
        let alice = try world.client()
        let probes = Probes(clock: clock)
        #expect(await probes.at(0, alice, mode: .shortLived) == .connected)
        #expect(await probes.at(100, alice, mode: .shortLived) == .connected)
        #expect(await probes.at(999, alice, mode: .shortLived) == .connected)
        #expect(await probes.at(1000, alice, mode: .shortLived) == .hardFail)
        #expect(await responder.requestCount == 0, "no check online at any time")
        #expect(probes.exposure == 900)
    }

    @Test func firefoxForAPublicCertificateNeverAsksTheResponderAndCRLiteRefuses() async throws {
        // firefox-public: classic mode finds no online check to make (CRLite replaces OCSP for a
        // publicly trusted DV certificate): accepted after the revocation, no request. Its
        // pushed set (CRLite) of 1000 lists the serial: refused at 1000, 900 s after 100.
        let clock = PolicyClock.manual()
        let world = try ActorWorld(clock: clock)
        let responder = world.responder(revokeAt: Self.revokeAt, pushInterval: .seconds(1000))
        try await responder.start()
        try await world.server(stapling: false).start()
        let erin = try world.client("Erin", number: 5, profile: .firefoxPublic, pushURL: ActorWorld.pushURL)
        let probes = Probes(clock: clock)
        #expect(await probes.at(200, erin, mode: .classic) == .connected)
        #expect(await responder.requestCount == 0, "no live OCSP")
        #expect(ExposureWindow.seconds(records: probes.records, revokedAt: ["revoked.test": Self.revokeAt]) == .infinity)
        probes.records.removeAll()
        #expect(await probes.at(1000, erin, mode: .pushed) == .hardFail)
        #expect(await responder.requestCount == 1, "one set download")
        #expect(probes.exposure == 900)
    }

    @Test func blockingServerStaplesTheRevokedAnswerWhenItsCacheExpires() async throws {
        // Apache keeps a good response an hour at most (3600 s from 0), then fetches inside
        // the next handshake and staples what it gets: `revoked`, so even Chrome refuses.
        let clock = PolicyClock.manual()
        let world = try ActorWorld(clock: clock)
        try await world.responder(validity: .seconds(7200), revokeAt: Self.revokeAt).start()
        try await world.server(policy: .blocking).start()
        let bob = try world.client("Bob", profile: .chrome)
        let probes = Probes(clock: clock)
        #expect(await probes.at(0, bob, mode: .stapled) == .connected)
        #expect(await probes.at(100, bob, mode: .stapled) == .connected)
        #expect(await probes.at(3599, bob, mode: .stapled) == .connected)
        #expect(await probes.at(3601, bob, mode: .stapled) == .hardFail)
        #expect(probes.exposure == 3501)
    }
}

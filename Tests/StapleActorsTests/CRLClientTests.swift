import Foundation
import StapleTestSupport
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// `crl` and `short-lived` clients against the real responder (serving CRLs) and server.
@Suite(.awaitsTeardown) struct CRLClientTests {
    @Test func aCRLClientRefusesTheRevokedSerialAndKeepsTheListUntilNextUpdate() async throws {
        let clock = PolicyClock.manual()
        let world = try ActorWorld(clock: clock, crl: true)
        let responder = world.responder(crlInterval: .seconds(3600), crlPadding: 100)
        try await responder.start()
        let server = try world.server(stapling: false)
        try await server.start()
        let alice = try world.client()

        let good = await alice.connect(site: "example.com", port: ActorWorld.serverPort, mode: .crl)
        #expect(good.outcome == .connected, "\(good.error)")
        #expect(world.facts(good).status == "good" && world.facts(good).statusSource == "crl")
        #expect(!world.facts(good).stapled)
        // Revoked: refused, even by a soft-fail profile; from the list Alice already holds.
        let revoked = await alice.connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .crl)
        #expect(revoked.outcome == .hardFail)
        #expect(world.facts(revoked).status == "revoked" && world.facts(revoked).statusSource == "cached-crl")
        #expect(revoked.error == "revoked (keyCompromise) (cached-crl)")

        let requests = await responder.requests
        #expect(requests.count == 1, "one download for both sites: the same list")
        #expect(requests.first?.method == "GET")
        #expect(requests.first?.hostnames == [], "a CRL request names no certificate")
        #expect(requests.first?.requesterIP == world.prefix + ".101")
        #expect(requests.first?.answer == "crl-0 (1 listed)")
        // Two leaves' entries... one revoked, plus 100 padding serials: the list Alice got.
        let sent = try #require(world.trace.events.first { $0.kind == .crlResponseSent })
        let list = try #require(world.trace.events.first { $0.kind == .crlFetchEnd && $0.party == .client("Alice") })
        #expect(sent.bytes == list.bytes && list.bytes > 100 * 35)
        let learned = world.trace.observations.filter { $0.observer.role == .responder }
        #expect(learned.map { "\($0.hostname)|\($0.clientAddress)|\($0.via)|\($0.requested ?? "")" }
                == ["|\(world.prefix).101|crl-request|/crl/0.crl (StapleBench Test Root CA)"],
                "the CA learns which list and who asked, no hostname")

        // Just before nextUpdate: still the cached list. At nextUpdate: a new download.
        clock.advance(by: 3599)
        #expect(world.facts(await alice.connect(site: "example.com", port: ActorWorld.serverPort, mode: .crl)).statusSource == "cached-crl")
        #expect(await responder.requestCount == 1)
        clock.advance(by: 1)
        #expect(world.facts(await alice.connect(site: "example.com", port: ActorWorld.serverPort, mode: .crl)).statusSource == "crl")
        #expect(await responder.requestCount == 2)
    }

    @Test func aWholeChainClientAlsoChecksTheIntermediateAgainstTheRootsList() async throws {
        // root → intermediate → leaf; the intermediate names the root's list of its CAs.
        let world = try ActorWorld(intermediate: true, clock: PolicyClock.manual(), crl: true)
        let responder = world.responder(crlInterval: .seconds(3600))
        try await responder.start()
        try await world.server(stapling: false).start()
        let sam = try world.client("Sam", number: 7, profile: .strict)      // check: chain
        let first = await sam.connect(site: "example.com", port: ActorWorld.serverPort, mode: .crl)
        #expect(first.outcome == .connected && world.facts(first).status == "good" && world.facts(first).statusSource == "crl", "\(first.error)")
        #expect(await responder.requests.map(\.answer) == ["crl-0 (1 listed)", "crl-1 (0 listed)"],
                "the leaf's list, then the root's list of its CAs")
        let ends = world.trace.events.filter { $0.kind == .crlFetchEnd && $0.party == .client("Sam") }
        #expect(ends.count == 2)
        // Both lists kept until their nextUpdate: the next handshake downloads nothing.
        let second = await sam.connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .crl)
        #expect(second.outcome == .hardFail && world.facts(second).statusSource == "cached-crl")
        #expect(await responder.requestCount == 2)
        // A leaf-only profile (Firefox: intermediates through OneCRL) downloads the leaf's list alone.
        let alice = try world.client()
        #expect(await alice.connect(site: "example.com", port: ActorWorld.serverPort, mode: .crl).outcome == .connected)
        #expect(await responder.requestCount == 3)
    }

    @Test func aRevokedIntermediateIsRefusedByAWholeChainClientOnly() async throws {
        let world = try ActorWorld(intermediate: true, clock: PolicyClock.manual(), crl: true)
        let responder = world.responder(crlInterval: .seconds(3600), intermediateRevoked: true)
        try await responder.start()
        try await world.server(stapling: false).start()
        let sam = try world.client("Sam", number: 7, profile: .strict)
        let refused = await sam.connect(site: "example.com", port: ActorWorld.serverPort, mode: .crl)
        #expect(refused.outcome == .hardFail)
        #expect(world.facts(refused).status == "revoked" && refused.error == "revoked (keyCompromise) (crl)", "\(refused.error)")
        #expect(await responder.requests.map(\.answer) == ["crl-0 (1 listed)", "crl-1 (1 listed)"])
        let alice = try world.client()
        let accepted = await alice.connect(site: "example.com", port: ActorWorld.serverPort, mode: .crl)
        #expect(accepted.outcome == .connected && world.facts(accepted).status == "good", "the leaf's list does not list it")
    }

    @Test(arguments: [(RevocationProfile.firefox, HandshakeRecord.Outcome.softFail),
                      (RevocationProfile.strict, HandshakeRecord.Outcome.hardFail)])
    func withoutAListSoftFailCarriesOnAndHardFailRefuses(profile: RevocationProfile,
                                                         expected: HandshakeRecord.Outcome) async throws {
        let world = try ActorWorld(crl: true)
        let responder = world.responder(outages: [ResponderOutage(kind: .internalError, from: 0, to: .infinity)],
                                        crlInterval: .seconds(3600))
        try await responder.start()
        let server = try world.server(stapling: false)
        try await server.start()
        let result = await try world.client(profile: profile).connect(site: "example.com", port: ActorWorld.serverPort, mode: .crl)
        #expect(result.outcome == expected)
        #expect(world.facts(result).status == "unreachable:http-status")
        #expect(result.error == "no CRL: the responder answered HTTP 500")
    }

    @Test func aShortLivedCertificateIsNotCheckedAndALongerOneFallsBack() async throws {
        let now = PolicyClock.wallTime().rounded(.down)
        let shortLived = try ActorWorld(validity: Validity(notBefore: now - 3600, notAfter: now - 3600 + 160 * 3600))
        let responder = shortLived.responder()
        try await responder.start()
        let server = try shortLived.server(stapling: false)
        try await server.start()
        let result = await try shortLived.client().connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .shortLived)
        #expect(result.outcome == .connected, "under Firefox's 10-day threshold: no check, even for a revoked one")
        #expect(shortLived.facts(result).status == "short-lived" && shortLived.facts(result).statusSource == "lifetime")
        #expect(await responder.requestCount == 0)

        // A 20-year certificate: Firefox falls back to classic OCSP; Chrome checks nothing online.
        let longLived = try ActorWorld()
        let responder2 = longLived.responder()
        try await responder2.start()
        let server2 = try longLived.server(stapling: false)
        try await server2.start()
        let firefox = await try longLived.client().connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .shortLived)
        #expect(firefox.outcome == .hardFail && longLived.facts(firefox).status == "revoked" && longLived.facts(firefox).statusSource == "fetched")
        #expect(await responder2.requestCount == 1)
        let chrome = await try longLived.client("Bob", number: 2, profile: .chrome)
            .connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .shortLived)
        #expect(chrome.outcome == .connected && longLived.facts(chrome).status == "none")
        #expect(await responder2.requestCount == 1)
        // A threshold below the lifetime: the short-lived certificate is checked too.
        var careful = RevocationProfile.firefox
        careful.shortLivedThreshold = .seconds(100 * 3600)
        let checked = await try shortLived.client("Carol", number: 3, profile: careful)
            .connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .shortLived)
        #expect(checked.outcome == .hardFail && shortLived.facts(checked).status == "revoked")
        #expect(await responder.requestCount == 1)
    }
}

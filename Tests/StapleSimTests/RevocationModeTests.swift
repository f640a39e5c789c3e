import Testing
import StapleCore
import StapleEngine
@testable import StapleSim

/// The revocation modes (crl, pushed, short-lived) in virtual time, at the lists' boundaries:
/// Alice visits leaked.example once a second (pace 1 s, each visit far shorter), the CA revokes
/// it at 4 s and issues a new CRL or pushed set every 3 s (a list's times are whole seconds). A visit's check comes 44 ms after its
/// start (DNS 4 + 2 × 20 ms), its request reaches the CA 64 ms after that (DNS 4 + 1.5 × 40 ms).
@Suite struct RevocationModeTests {
    static func scenario(cache: Bool = true) throws -> Scenario {
        var scenario = try SimTestSupport.shipped("revocation-landscape")
        scenario.timeScale = 1
        scenario.sites = scenario.sites.filter { $0.host == "leaked.example" }
        scenario.sites[0].revokeAt = .seconds(4)
        scenario.clients = [scenario.clients[0]]
        scenario.clients[0].visits = ["leaked.example"]
        scenario.clients[0].profile.cache = cache
        scenario.crl.nextUpdate = .seconds(3)
        scenario.pushed.interval = .seconds(3)
        scenario.workload.warmup = 0
        scenario.workload.handshakes = 10
        scenario.workload.pace = .seconds(1)
        return scenario
    }

    static func part(_ result: SimulationResult, _ mode: Scenario.Mode) throws -> SimulationPart {
        try #require(result.parts.first { $0.mode == mode })
    }

    @Test func crlIsKeptUntilItsNextUpdateAndListsTheRevocationFromTheNextIssue() throws {
        let result = SimTestSupport.replay(try Self.scenario())
        let crl = try Self.part(result, .crl)
        // Downloads at 0 s, 3 s (the 0–3 s list is past its nextUpdate), 6 s and 9 s: four.
        #expect(crl.origin.totalRequests == 4)
        // The list issued at 3 s does not list a revocation at 4 s; the one at 6 s does: the
        // visits at 3–5 s connect, the one at 6 s is the first refusal (then 7–9 s too).
        #expect(crl.stats.connected == 6 && crl.stats.hardFail == 4)
        let window = try #require(crl.exposureWindowS)
        #expect(window > 2 && window < 2.5, "\(window)")
        // Bytes: the lists' size (3,000 entries, then the revocation too) over the 10 visits.
        let base = SimulationCore.listBaseBytes + SimulationCore.listEntriesHeaderBytes + 3000 * SimulationCore.listEntryBytes
        #expect(crl.revocationBytes == 4 * base + 2 * SimulationCore.listRevokedBytes)
        #expect(crl.revocationFigures.bytesPerHandshake == Double(4 * base + 2 * SimulationCore.listRevokedBytes) / 10)
        #expect(crl.revocationFigures.caRequests == 4)
    }

    @Test func withoutACacheEveryCheckDownloadsTheCRL() throws {
        let result = SimTestSupport.replay(try Self.scenario(cache: false))
        let crl = try Self.part(result, .crl)
        #expect(crl.origin.totalRequests == 10)
        #expect(crl.stats.connected == 6 && crl.stats.hardFail == 4)
        // Classic without a cache asks every time: refused from the first request after 4 s.
        let classic = try Self.part(result, .classic)
        #expect(classic.origin.totalRequests == 10)
        #expect(classic.stats.connected == 4 && classic.stats.hardFail == 6)
        let window = try #require(classic.exposureWindowS)
        #expect(window > 0 && window < 0.5, "\(window)")
    }

    @Test func pushedSetRefreshesInTheBackgroundAndTheOldCopyServesTheHandshakeThatNotices() throws {
        let result = SimTestSupport.replay(try Self.scenario())
        let pushed = try Self.part(result, .pushed)
        // The first download in the handshake at 0 s; background refreshes at 3 s (brings the
        // 3 s set), 6 s (brings the 6 s set, which lists the revocation) and 9 s: four.
        #expect(pushed.origin.totalRequests == 4)
        // The visit at 6 s still uses the 3 s set; the one at 7 s refuses: 7 connected, 3 refused.
        #expect(pushed.stats.connected == 7 && pushed.stats.hardFail == 3)
        let window = try #require(pushed.exposureWindowS)
        #expect(window > 3 && window < 3.5, "\(window)")
    }

    @Test func shortLivedChecksNothingUnderTheThresholdAndFallsBackAboveIt() throws {
        var scenario = try Self.scenario()
        let short = try Self.part(SimTestSupport.replay(scenario), .shortLived)
        #expect(short.origin.totalRequests == 0 && short.revocationBytes == 0)
        #expect(short.stats.connected == 10 && short.exposureWindowS == .infinity)
        // 30 days is over Firefox's 10: she asks the responder as in classic (once, then cached).
        scenario.shortLived.lifetime = .seconds(30 * 86_400)
        let long = try Self.part(SimTestSupport.replay(scenario), .shortLived)
        #expect(long.origin.totalRequests == 1 && long.revocationBytes == SimulationCore.responseBytes)
        #expect(long.stats.connected == 10 && long.exposureWindowS == .infinity)
    }

    @Test func noneAndAnAnswerCachedForItsValidityNeverRefuse() throws {
        let result = SimTestSupport.replay(try Self.scenario())
        let none = try Self.part(result, .none)
        #expect(none.origin.totalRequests == 0 && none.exposureWindowS == .infinity)
        // Classic with a cache: the good answer of 0 s is kept its hour's validity.
        let classic = try Self.part(result, .classic)
        #expect(classic.origin.totalRequests == 1 && classic.stats.connected == 10 && classic.exposureWindowS == .infinity)
    }

    @Test func theShippedLandscapeClosesTheWindowWithinAboutTheListsInterval() throws {
        let result = SimTestSupport.replay(try SimTestSupport.shipped("revocation-landscape"))
        func window(_ mode: Scenario.Mode) throws -> Double { try #require(Self.part(result, mode).exposureWindowS) }
        // Carol (Chrome) never checks online: classic and stapled stay exposed, as none and short-lived.
        for mode in [Scenario.Mode.none, .classic, .stapled, .shortLived] { #expect(try window(mode) == .infinity, "\(mode)") }
        // Every profile checks a CRL or the pushed set. The revocation at 2 h falls on a list's
        // boundary, and the CA counts its hours from the whole second before its epoch: the list
        // of "2 h" is issued just before the revocation and does not list it (a real run here:
        // crl 4,862 s, pushed 5,315 s). So the window is the next list's wait, within two hours
        // and a visit's gap (the pushed set's refresh costing one more visit).
        let crl = try window(.crl), pushed = try window(.pushed)
        #expect(crl > 3600 && crl <= 2 * 3600 + 1200, "\(crl)")
        #expect(pushed > 3600 && pushed <= 2 * 3600 + 2400, "\(pushed)")
        #expect(try Self.part(result, .none).origin.totalRequests == 0)
        #expect(try Self.part(result, .shortLived).origin.totalRequests == 0)
    }
}

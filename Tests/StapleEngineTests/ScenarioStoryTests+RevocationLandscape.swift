import Testing
import StapleCore
import StapleReport
import StapleTestSupport
@testable import StapleEngine

extension ScenarioStoryTests {
    // MARK: revocation-landscape

    /// Run as shipped (its six modes at once take about 5 real seconds: 5 scenario hours). Times
    /// are checked in scenario time against the scenario's own hours (revocation at 2 h, lists
    /// and sets every hour), never against the machine's speed.
    @Test func revocationLandscape() async throws {
        let scenario = try Self.shipped("revocation-landscape")
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let summary = RunWriter.summary(result)
        let modes: [Scenario.Mode] = [.none, .classic, .stapled, .crl, .shortLived, .pushed]
        var exposure: [Scenario.Mode: Double] = [:]
        for mode in modes {
            let part = try Self.part(result, mode)
            let revokedAt = try #require(part.revokedAt["leaked.example"], "\(mode)")
            #expect(revokedAt == 7200, "\(mode): revoked two scenario hours in")
            let all = part.records
            // good.example connects everywhere; so does everything that ended before the revocation.
            #expect(all.filter { $0.site == "good.example" }.allSatisfy { $0.outcome == .connected }, "\(mode)")
            #expect(all.filter { ($0.scenarioTimeS ?? .infinity) < revokedAt }.allSatisfy { $0.outcome == .connected }, "\(mode)")
            exposure[mode] = try #require(summary.row(mode: mode.rawValue)?.revocation.exposureWindowS, "\(mode)")
            let leaked = { (client: String) -> [HandshakeRecord] in all.filter { $0.site == "leaked.example" && $0.client == client } }
            let carol = leaked("Carol"), alice = leaked("Alice")
            #expect(!carol.isEmpty && !alice.isEmpty)
            switch mode {
            case .none, .shortLived:
                // Nobody checks: nothing refused, nothing downloaded, nothing asked of the CA.
                #expect(all.allSatisfy { $0.outcome == .connected }, "\(mode)")
                let row = try #require(summary.row(mode: mode.rawValue))
                #expect(row.revocation.bytesPerHandshake == 0 && row.revocation.caRequests == 0, "\(mode)")
                #expect(Set(all.map(\.ocspStatus)) == [mode == .none ? "none" : "short-lived"], "\(mode)")
            case .classic, .stapled:
                // Carol never checks online: she accepts the revoked certificate to the end and downloads
                // nothing; Alice refuses it once her cached answer (classic) or nginx's staple (stapled)
                // has lapsed and she asks herself, and from then on.
                #expect(carol.allSatisfy { $0.outcome == .connected && ($0.revocationBytes ?? 0) == 0 }, "\(mode)")
                let aliceAlone = try #require(ExposureWindow.seconds(records: alice, revokedAt: part.revokedAt), "\(mode)")
                #expect(aliceAlone.isFinite, "\(mode): Alice alone is exposed only until she asks again")
                #expect(alice.contains { $0.outcome == .hardFail && $0.ocspStatus == "revoked" && $0.ocspMs != nil }, "\(mode)")
                if mode == .stapled {
                    // nginx never staples a revoked response: what Alice refused, she asked about herself.
                    #expect(alice.filter { $0.outcome == .hardFail }.allSatisfy { !$0.stapled }, "\(mode)")
                }
            case .crl, .pushed:
                // Both clients refuse; every attempt from two hours after the revocation on (the list or
                // set in hand then was issued after it, or is past its nextUpdate) is refused.
                for rows in [alice, carol] {
                    let late = rows.filter { ($0.scenarioTimeS ?? 0) >= revokedAt + 2 * 3600 }
                    #expect(late.allSatisfy { $0.outcome == .hardFail && $0.ocspStatus == "revoked" },
                            "\(mode) \(rows.first?.client ?? ""): \(late.map(\.outcome))")
                }
                let row = try #require(summary.row(mode: mode.rawValue))
                #expect((row.revocation.bytesPerHandshake ?? 0) > 0 && (row.revocation.caRequests ?? 0) > 0, "\(mode)")
            }
        }
        // The exposure window: `inf` where some client never refused (none, short-lived; classic and
        // stapled because of Carol), finite for crl and pushed.
        #expect(modes.filter { exposure[$0]?.isInfinite == true } == [.none, .classic, .stapled, .shortLived], "\(exposure)")
        #expect([Scenario.Mode.crl, .pushed].allSatisfy { (exposure[$0] ?? -1) > 0 && exposure[$0]!.isFinite }, "\(exposure)")
    }
}

import Foundation
import Testing
import StapleCore
import StapleReport
import StapleTestSupport
@testable import StapleEngine

/// `sites[i].revoke_at`, the CRL levers, and the exposure window from file to `summary.csv`.
@Suite struct RevokeAtTests {
    @Test func revokeAtMeansRevokedFromThenOn() throws {
        let scenario = try ScenarioTestSupport.load("""
            sites:
              - { host: example.com, revoke_at: 30m, revoked_reason: keyCompromise }
              - { host: other.test }
            clients: [{ name: Alice }]
            crl: { entries: 30000, next_update: 1h, shards: 2 }
            short_lived: { lifetime: 6d }
            """)
        #expect(scenario.sites[0].status == .revoked(.keyCompromise))
        #expect(scenario.sites[0].revokeAt == .seconds(1800))
        #expect(scenario.revokedAt == ["example.com": 1800])
        #expect(scenario.crl == Scenario.CRL(entries: 30000, nextUpdate: .seconds(3600), shards: 2))
        #expect(scenario.shortLived.lifetime == .seconds(6 * 86_400))
        // The resolved file gives the same scenario back.
        #expect(try ScenarioTestSupport.load(scenario.resolvedYAML()) == scenario)
    }

    @Test func badRevocationAndCRLFieldsNameTheirLine() {
        let errors = ScenarioTestSupport.errors("""
            sites:
              - { host: example.com, status: good, revoke_at: 30m }
            clients: [{ name: Alice }]
            crl: { entries: 300001, shards: 0, next_update: 0 }
            """)
        #expect(errors.first?.message
                == "a site revoked at a time is good before it and revoked after; remove status: good (or write status: revoked)")
        #expect(errors.dropFirst().first?.message == "must be at most 300000, found 300001")
        #expect(errors.last?.message == "must be 1 or more, found 0")
        #expect(errors.map(\.path) == ["sites[0].revoke_at", "crl.entries", "crl.next_update", "crl.shards"])
        #expect(errors.map(\.code) == [.conflict, .outOfRange, .invalidDuration, .outOfRange])
        #expect(errors.allSatisfy { $0.file == "t.yaml" })
        #expect(errors.map(\.line) == [2, 4, 4, 4])
    }

    @Test func aSweepSetsTheCRLLeversWithinTheirRanges() throws {
        let base = """
            sites: [{ host: example.com }]
            clients: [{ name: Alice }]
            modes: [crl]
            """
        let scenario = try ScenarioTestSupport.load(base + "\nsweep: [{ field: crl.entries, values: [0, 30000] }, "
                                                    + "{ field: short_lived.lifetime, values: [6d] }]\n")
        #expect(scenario.sweepPoints().map(\.scenario.crl.entries) == [0, 30000])
        #expect(scenario.sweepPoints().allSatisfy { $0.scenario.shortLived.lifetime == .seconds(6 * 86_400) })
        let errors = ScenarioTestSupport.errors(base + "\nsweep: [{ field: crl.shards, values: [1, 65] }]\n")
        #expect(errors.map(\.message) == ["crl.shards: must be at most 64, found 65"])
        #expect(errors.map(\.path) == ["sweep[0].values[1]"])
    }

    @Test func exposureIsPerPairAndTheWorstDecides() throws {
        func record(_ client: String, _ site: String, at time: Double, _ outcome: HandshakeRecord.Outcome,
                    warmup: Bool = false) -> HandshakeRecord {
            var r = HandshakeRecord(scenario: "s", mode: "crl", client: client, site: site, seq: 0, warmup: warmup,
                                    startedMs: 0, outcome: outcome)
            r.scenarioTimeS = time
            return r
        }
        let revoked = ["bad.test": 100.0]
        // Nothing revoked mid-run, or no visit after the revocation: no window.
        #expect(ExposureWindow.seconds(records: [record("A", "bad.test", at: 200, .hardFail)], revokedAt: [:]) == nil)
        #expect(ExposureWindow.seconds(records: [record("A", "bad.test", at: 50, .connected)], revokedAt: revoked) == nil)
        // A refused at 250 (a warm-up counts: the window is about time); B accepted after and never refused.
        let records = [record("A", "bad.test", at: 120, .connected, warmup: true), record("A", "bad.test", at: 250, .hardFail),
                       record("A", "bad.test", at: 300, .connected), record("B", "good.test", at: 400, .connected)]
        #expect(ExposureWindow.pairs(records: records, revokedAt: revoked) == ["A → bad.test": 150])
        #expect(ExposureWindow.seconds(records: records + [record("B", "bad.test", at: 500, .softFail)], revokedAt: revoked)
                == .infinity)
        // Per client: A 150 s, B never (soft-fail is accepting); the mode's figure is the largest.
        let both = records + [record("B", "bad.test", at: 500, .softFail), record("B", "bad2.test", at: 600, .hardFail)]
        let twoSites = ["bad.test": 100.0, "bad2.test": 550.0]
        #expect(ExposureWindow.perPair(records: both, revokedAt: twoSites) == [
            .init(client: "A", site: "bad.test", revokedAtS: 100, firstRefusedS: 250, lastAcceptedS: 120),
            .init(client: "B", site: "bad.test", revokedAtS: 100, firstRefusedS: nil, lastAcceptedS: 500),
            .init(client: "B", site: "bad2.test", revokedAtS: 550, firstRefusedS: 600),
        ])
        #expect(ExposureWindow.perClient(records: both, revokedAt: twoSites).map { "\($0.client) \($0.seconds)" }
                == ["A 150.0", "B inf"])
        let part = ExposureCSV.Part(sweepPoint: "", mode: "crl", pairs: ExposureWindow.perPair(records: both, revokedAt: twoSites))
        let table = ExposureCSV.table(scenario: "s", parts: [part])
        #expect(table.text == """
            scenario,sweep_point,mode,client,site,revoke_at_s,first_refused_s,exposure_window_s,last_accepted_s\r
            s,,crl,A,bad.test,100.000,250.000,150.000,120.000\r
            s,,crl,B,bad.test,100.000,,inf,500.000\r
            s,,crl,B,bad2.test,550.000,600.000,50.000,\r

            """)
        // Read back, each client's largest (what `staplebench report` shows per client).
        let read = try CSVReader.table(from: table.text)
        #expect(ExposureCSV.clients(in: read) == [SummaryKey(mode: "crl"): [.init(client: "A", seconds: 150),
                                                                           .init(client: "B", seconds: .infinity)]])
        // A refusal before the revocation (an unreachable responder) is not the revocation's.
        #expect(ExposureWindow.seconds(records: [record("A", "bad.test", at: 90, .hardFail), record("A", "bad.test", at: 130, .hardFail)],
                                       revokedAt: revoked) == 30)
    }

    @Test func summaryWritesTheRevocationColumns() throws {
        let key = SummaryKey(sweepPoint: "", mode: "crl")
        var record = HandshakeRecord(scenario: "s", mode: "crl", client: "A", site: "x", seq: 0, startedMs: 0,
                                     ttfbMs: 10, outcome: .connected)
        record.revocationBytes = 1000
        for (figures, expected) in [(RevocationFigures(exposureWindowS: .infinity, bytesPerHandshake: 1000, caRequests: 3), "inf,1000.0,3"),
                                    (RevocationFigures(exposureWindowS: 900, bytesPerHandshake: nil, caRequests: 0), "900.000,,0"),
                                    (RevocationFigures(), ",,")] {
            let summary = Summary(records: [record], revocation: [key: figures])
            let text = SummaryCSV.table(summary).text
            #expect(text.hasSuffix(expected + ",0\r\n"), "\(text)")   // then `interrupted`, the last column
            #expect(RevocationFigures.exposure(from: figures.exposureText) == figures.exposureWindowS)
        }
    }

    @Test(.tags(.timing)) func aRunRevokingMidwayReportsWhenTheClientFirstRefused() async throws {
        // Classic with no cache: every attempt asks the responder, so the first attempt ending
        // after the revocation (1 s in) is refused; attempts are paced 100 ms apart.
        let scenario = try ScenarioLoader.load(text: """
            name: revoke-at
            modes: [classic]
            sites: [{ host: example.com, revoke_at: 1s }]
            clients: [{ name: Alice, cache: false }]
            workload: { warmup: 0, handshakes: 20, concurrency: 1, pace: 100ms }
            """, fileName: "revoke-at.yaml")
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete)
        let records = result.records.sorted { $0.seq < $1.seq }
        // Accepted until the responder says revoked, refused from then on (an attempt that
        // fetched just before 1 s may end just after it, still accepted).
        let firstRefused = try #require(records.firstIndex { $0.outcome == .hardFail })
        #expect(records.filter { ($0.scenarioTimeS ?? 0) < 1 }.allSatisfy { $0.outcome == .connected },
                "what ended before the revocation was accepted")
        #expect(records[..<firstRefused].allSatisfy { $0.outcome == .connected })
        #expect(records[firstRefused...].allSatisfy { $0.outcome == .hardFail && $0.ocspStatus == "revoked" })
        let refusedAt = try #require(records[firstRefused].scenarioTimeS)
        #expect(refusedAt >= 1)
        let row = try #require(RunWriter.summary(result).row(mode: "classic"))
        #expect(row.revocation.exposureWindowS == refusedAt - 1)
        #expect(row.revocation.clients == [.init(client: "Alice", seconds: refusedAt - 1)])
        let exposure = try #require(result.exposureTable)
        #expect(exposure.rows == [["revoke-at", "", "classic", "Alice", "example.com", "1.000",
                                   FixedPoint.string(refusedAt, decimals: 3), FixedPoint.string(refusedAt - 1, decimals: 3),
                                   records.last { ($0.scenarioTimeS ?? 0) >= 1 && $0.outcome == .connected }?.scenarioTimeS
                                       .flatMap { FixedPoint.string($0, decimals: 3) }]])
        #expect(row.revocation.caRequests == 20)
        #expect(row.revocation.bytesPerHandshake.map { $0 > 200 && $0 < 1000 } == true, "one OCSP response each")
    }
}

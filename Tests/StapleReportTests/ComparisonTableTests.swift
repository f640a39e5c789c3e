import StapleCore
import Testing
@testable import StapleReport

@Suite struct ComparisonTableTests {
    @Test func tableAndVerdictMatchTheGoldenText() throws {
        let summary = Summary(records: Fixtures.handshakes, responderRequests: Fixtures.responderRequests)
        let text = ComparisonTable.render(summary)
        try Golden.check(text, "comparison.txt")
        #expect(!text.unicodeScalars.contains { !$0.isASCII })
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("mode     handshakes"))
        #expect(Set(lines.prefix(4).map(\.count)).count == 1)   // the last column is right-aligned: equal widths
    }

    @Test func verdictSaysHowMuchStaplingSaves() {
        #expect(ComparisonTable.verdict(classic: 134.5, stapled: 52.4) == "stapled saves 82.1 ms at p50 (-61%)")
        #expect(ComparisonTable.verdict(classic: 40, stapled: 50) == "stapled costs 10.0 ms more at p50 (+25%)")
        #expect(ComparisonTable.verdict(classic: 0, stapled: 0) == "stapled saves 0.0 ms at p50")
    }

    @Test func sweepGetsAColumnAndAVerdictPerPoint() throws {
        func r(_ point: String, _ mode: String, _ ttfb: Double) -> HandshakeRecord {
            HandshakeRecord(scenario: "s", sweepPoint: point, mode: mode, client: "A", site: "x", seq: 0,
                            startedMs: 0, ttfbMs: ttfb, outcome: .connected)
        }
        let summary = Summary(records: [r("rtt=1ms", "classic", 10), r("rtt=1ms", "stapled", 4),
                                        r("rtt=300ms", "classic", 1500), r("rtt=300ms", "stapled", 900),
                                        r("rtt=500ms", "stapled", 1500)])
        let text = ComparisonTable.render(summary)
        try Golden.check(text, "comparison-sweep.txt")
        #expect(ComparisonTable.verdicts(summary) == ["rtt=1ms: stapled saves 6.0 ms at p50 (-60%)",
                                                      "rtt=300ms: stapled saves 600.0 ms at p50 (-40%)"])
    }

    /// A two-point sweep with failures, history and enough samples for intervals: at 1 ms the
    /// medians' intervals overlap, at 200 ms stapling saves.
    static var sweepSummary: Summary {
        var records: [HandshakeRecord] = []
        for (point, classicBase, stapledBase) in [("links.client-responder.rtt=1ms", 10.0, 10.2),
                                                   ("links.client-responder.rtt=200ms", 410.0, 12.0)] {
            for i in 0..<20 {
                let jitter = Double((i * 7) % 20) * 0.1
                records.append(HandshakeRecord(scenario: "s", sweepPoint: point, mode: "classic", client: "Alice",
                                               site: "a.test", seq: i, startedMs: 0, ttfbMs: classicBase + jitter,
                                               modelMs: classicBase - 1, outcome: .connected, clientAddress: "127.0.1.1"))
                records.append(HandshakeRecord(scenario: "s", sweepPoint: point, mode: "stapled", client: "Alice",
                                               site: "a.test", seq: i, startedMs: 0, ttfbMs: stapledBase + jitter,
                                               modelMs: stapledBase - 0.5, outcome: .connected, clientAddress: "127.0.1.1"))
            }
            records.append(HandshakeRecord(scenario: "s", sweepPoint: point, mode: "classic", client: "Bob", site: "a.test",
                                           seq: 20, startedMs: 100, ttfbMs: 3012, modelMs: 3010, outcome: .softFail,
                                           clientAddress: "127.0.1.2", endedMs: 3115))
            records.append(HandshakeRecord(scenario: "s", sweepPoint: point, mode: "stapled", client: "Bob", site: "a.test",
                                           seq: 20, startedMs: 100, modelMs: 3010, outcome: .hardFail,
                                           clientAddress: "127.0.1.2", endedMs: 3104.25))
        }
        let ledgers = [
            PrivacyLedger(scenario: "s", mode: "classic", observations: [
                Observation(observer: .responder(), observerAddress: "127.0.0.4", hostname: "a.test", clientAddress: "127.0.1.1", via: .ocspCertID),
                Observation(observer: .responder(), observerAddress: "127.0.0.4", hostname: "a.test", clientAddress: "127.0.1.2", via: .ocspCertID)]),
            PrivacyLedger(scenario: "s", mode: "stapled", observations: [
                Observation(observer: .responder(), observerAddress: "127.0.0.4", hostname: "a.test", clientAddress: "127.0.0.3", via: .ocspCertID)]),
        ]
        return Summary(records: records, responderRequests: [:], history: PrivacyHistory(records: records, ledgers: ledgers))
    }

    @Test func sweepTableFitsEightyAndOneHundredSixtyColumns() throws {
        let summary = Self.sweepSummary
        for width in [80, 160] {
            let text = ComparisonTable.render(summary, width: width)
            try Golden.check(text, "comparison-sweep-\(width).txt")
            for line in text.split(separator: "\n") { #expect(line.count <= width, "\(width): \(line)") }
        }
        // Narrow, the sweep points are their values under one line naming the field; every number of
        // the unfitted table is still there, whole.
        let narrow = ComparisonTable.render(summary, width: 80)
        let wide = ComparisonTable.render(summary, width: Int.max)
        #expect(narrow.hasPrefix("sweep point: links.client-responder.rtt\nsweep point  mode "))
        #expect(wide.hasPrefix("sweep point                       mode "))
        let numbers = { (text: String) in
            Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
                .filter { $0.first?.isNumber == true || $0.hasPrefix("[") || $0.hasPrefix("+") })
        }
        #expect(numbers(wide).count > 40)
        #expect(numbers(wide).isSubset(of: numbers(narrow)))
    }

    @Test func overlappingIntervalsSayNoMeasurableDifference() throws {
        let summary = Self.sweepSummary
        let near = try #require(summary.comparison(sweepPoint: "links.client-responder.rtt=1ms"))
        #expect(!near.measurable)
        let far = try #require(summary.comparison(sweepPoint: "links.client-responder.rtt=200ms"))
        #expect(far.measurable)
        // Classic's median is 411.0 (21 samples: the soft-fail's 3012 ms counts), stapled's 12.95.
        #expect(abs(far.savingMs - 398.05) < 1e-9)
        let saving = try #require(far.savingInterval)
        #expect(saving.contains(far.savingMs) && saving.lower > 390 && saving.upper < 406)
        let verdicts = ComparisonTable.verdicts(summary)
        #expect(verdicts[0].hasPrefix("links.client-responder.rtt=1ms: no measurable difference at p50 (classic 11.0 ms ["))
        #expect(!verdicts[0].contains("saves"))
        #expect(verdicts[1].hasPrefix("links.client-responder.rtt=200ms: stapled saves 398.1 ms +/- 0.6 ms at p50 (95% CI "))
        #expect(verdicts[1].hasSuffix(" ms, -97%)"))
    }
}

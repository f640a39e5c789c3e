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
}

import Testing
@testable import StapleReport

/// Classic against stapled on seeded samples: overlapping intervals say "no measurable
/// difference", disjoint ones print the saving with its interval.
@Suite struct StaplingComparisonTests {
    /// A row of `mode` whose latency samples are `samples`.
    static func row(_ mode: String, _ samples: [Double]) -> SummaryRow {
        SummaryRow(scenario: "s", key: SummaryKey(sweepPoint: "", mode: mode), handshakes: samples.count,
                   connected: samples.count, softFail: 0, hardFail: 0, error: 0, stapled: 0,
                   latency: Statistics(samples), responderRequests: nil)
    }

    /// `n` seeded draws from U(low, low + width).
    static func uniform(_ n: Int, low: Double, width: Double, seed: UInt64) -> [Double] {
        BootstrapTests.uniform(n, seed: seed).map { low + width * $0 }
    }

    @Test func overlappingIntervalsSayNoMeasurableDifference() throws {
        // Both U(100, 110), 40 samples each: medians about 105, intervals about ±1.5 ms, overlapping.
        let classic = Self.row("classic", Self.uniform(40, low: 100, width: 10, seed: 31))
        let stapled = Self.row("stapled", Self.uniform(40, low: 100, width: 10, seed: 32))
        let comparison = try #require(StaplingComparison(classic: classic, stapled: stapled))
        let classicInterval = try #require(comparison.classicInterval)
        let stapledInterval = try #require(comparison.stapledInterval)
        #expect(classicInterval.overlaps(stapledInterval))
        #expect(!comparison.measurable)
        // The difference's own interval covers 0 too.
        #expect(try #require(comparison.differenceInterval).contains(0))
        let verdict = ComparisonTable.verdict(comparison)
        #expect(verdict.hasPrefix("no measurable difference at p50 (classic "))
        #expect(verdict.contains("], stapled "))
        #expect(!verdict.contains("saves") && !verdict.contains("costs") && !verdict.contains("+/-"))
        // summary.csv: the saving is still written, marked not measurable.
        let fields = SummaryCSV.row(stapled, comparison: comparison)
        #expect(fields[SummaryCSV.columns.firstIndex(of: "saving_measurable")!] == "no")
    }

    @Test func disjointIntervalsPrintTheSavingWithItsInterval() throws {
        // Classic U(280, 290), stapled U(106, 116): a saving of about 174 ms.
        let classic = Self.row("classic", Self.uniform(40, low: 280, width: 10, seed: 41))
        let stapled = Self.row("stapled", Self.uniform(40, low: 106, width: 10, seed: 42))
        let comparison = try #require(StaplingComparison(classic: classic, stapled: stapled))
        #expect(comparison.measurable)
        let saving = try #require(comparison.savingInterval)
        #expect(saving.contains(comparison.savingMs))
        #expect(saving.lower > 168 && saving.upper < 180, "\(saving)")
        let verdict = ComparisonTable.verdict(comparison)
        let amount = FixedPoint.string(comparison.savingMs, decimals: 1)!
        let half = max(comparison.savingMs - saving.lower, saving.upper - comparison.savingMs)
        let expected = "stapled saves \(amount) ms +/- \(FixedPoint.string(half, decimals: 1)!) ms at p50 (95% CI "
            + "\(FixedPoint.string(saving.lower, decimals: 1)!) to \(FixedPoint.string(saving.upper, decimals: 1)!) ms, -\(FixedPoint.string(comparison.savingMs / comparison.classicMs * 100, decimals: 0)!)%)"
        #expect(verdict == expected)
        #expect(verdict.unicodeScalars.allSatisfy { $0.isASCII })
        let fields = SummaryCSV.row(stapled, comparison: comparison)
        let column = { (name: String) in fields[SummaryCSV.columns.firstIndex(of: name)!] }
        #expect(column("saving_measurable") == "yes")
        #expect(column("saving_ci_low_ms") == CSVWriter.milliseconds(saving.lower))
        #expect(column("saving_ci_high_ms") == CSVWriter.milliseconds(saving.upper))
    }

    @Test func aCostIsPrintedWithItsIntervalToo() throws {
        let classic = Self.row("classic", Self.uniform(30, low: 50, width: 2, seed: 51))
        let stapled = Self.row("stapled", Self.uniform(30, low: 60, width: 2, seed: 52))
        let comparison = try #require(StaplingComparison(classic: classic, stapled: stapled))
        #expect(comparison.measurable && comparison.savingMs < 0)
        let verdict = ComparisonTable.verdict(comparison)
        #expect(verdict.hasPrefix("stapled costs 10.") || verdict.hasPrefix("stapled costs 9."))
        #expect(verdict.contains(" ms +/- ") && verdict.contains(" ms more at p50 (95% CI "))
    }
}

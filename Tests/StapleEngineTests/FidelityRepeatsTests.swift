import Testing
import StapleReport
@testable import StapleEngine

/// `bench fidelity --repeat`'s aggregation on hand-built rows (no sockets).
@Suite struct FidelityRepeatsTests {
    static func row(_ rtt: Double, _ mode: String, measured: Double, model: Double, baseline: Double) -> Bench.FidelityRow {
        Bench.FidelityRow(rttMs: rtt, mode: mode, measuredMs: measured, modelMs: model, baselineMs: baseline)
    }

    @Test func largestDifferenceBetweenRepeatsAtEveryPoint() throws {
        let first = [Self.row(1, "none", measured: 6.5, model: 3, baseline: 2.5),
                     Self.row(1, "classic", measured: 9.25, model: 5, baseline: 4),
                     Self.row(20, "none", measured: 63, model: 60, baseline: 2.5)]
        let second = [Self.row(1, "none", measured: 6, model: 3, baseline: 2.75),
                      Self.row(1, "classic", measured: 9.25, model: 5, baseline: 4)]
        let third = [Self.row(1, "none", measured: 7.5, model: 3, baseline: 2.25),
                     Self.row(20, "none", measured: 62, model: 60, baseline: 2),
                     Self.row(1, "classic", measured: 9, model: 5, baseline: 4.25)]
        let repeats = FidelityRepeats([first, second, third])
        #expect(repeats.points.map { "\($0.rttMs) \($0.mode)" } == ["1.0 none", "1.0 classic", "20.0 none"])
        let none1 = repeats.points[0]
        #expect(none1.repeats == 3)
        #expect(none1.measuredMs == [6.5, 6, 7.5])
        #expect(none1.measuredSpreadMs == 1.5)
        #expect(none1.baselineSpreadMs == 0.5)
        // Gaps 1.0, 0.25, 2.25: the largest difference 2.0.
        #expect(none1.gapMs == [1, 0.25, 2.25])
        #expect(none1.gapSpreadMs == 2)
        // Ratios 6.5/5.5, 6/5.75, 7.5/5.25.
        #expect(abs(none1.ratioSpread - (7.5 / 5.25 - 6 / 5.75)) < 1e-12)
        let classic1 = repeats.points[1]
        #expect(classic1.measuredMs == [9.25, 9.25, 9])
        #expect(classic1.measuredSpreadMs == 0.25 && classic1.baselineSpreadMs == 0.25)
        // A point two of three repeats measured: compared over those two.
        let none20 = repeats.points[2]
        #expect(none20.repeats == 2)
        #expect(none20.measuredSpreadMs == 1 && none20.baselineSpreadMs == 0.5 && none20.gapSpreadMs == 0.5)
        #expect(repeats.largestMeasuredSpreadMs == 1.5)
        #expect(repeats.largestBaselineSpreadMs == 0.5)
    }

    @Test func linkExcessSpreadOverTheRepeatsThatHaveIt() {
        var first = Self.row(20, "classic", measured: 150, model: 140, baseline: 5)
        first.linkExcessMs = 0.5
        var second = Self.row(20, "classic", measured: 151, model: 140, baseline: 5)
        second.linkExcessMs = 0.25
        let third = Self.row(20, "classic", measured: 149, model: 140, baseline: 5)   // none recorded
        let point = FidelityRepeats([[first], [second], [third]]).points[0]
        #expect(point.linkExcessMs == [0.5, 0.25])
        #expect(point.linkExcessSpreadMs == 0.25)
        #expect(point.measuredSpreadMs == 2)
    }

    @Test func oneRepeatHasNoSpread() {
        let repeats = FidelityRepeats([[Self.row(5, "stapled", measured: 20, model: 15, baseline: 3)]])
        #expect(repeats.points.count == 1)
        #expect(repeats.points[0].measuredSpreadMs == 0 && repeats.points[0].ratioSpread == 0)
        #expect(FidelityRepeats([]).points.isEmpty)
        #expect(FidelityRepeats([]).largestMeasuredSpreadMs == 0)
    }
}

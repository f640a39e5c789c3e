import Testing
import StapleReport
@testable import StapleEngine

/// The rule that calls a zero-delay baseline disturbed, on hand-built samples.
@Suite struct FidelityBaselineTests {
    /// 2.0, 2.1, …, 2.9 ms: p50 2.45, p90 2.81.
    static let quiet = Statistics((0..<10).map { 2 + Double($0) / 10 })

    @Test func aQuietBaselineIsNotDisturbed() {
        let samples = ["none": Self.quiet, "classic": Statistics(Self.quiet.samples.map { $0 + 1.5 })]
        #expect(FidelityBaseline.disturbance(samples, best: [:]) == nil)
        // Within 1.5 × the lowest so far: 2.45 ≤ 1.5 × 1.7.
        #expect(FidelityBaseline.disturbance(samples, best: ["none": 1.7, "classic": 3]) == nil)
    }

    @Test func aWideSpreadIsDisturbed() {
        // Eight at 2 ms and two at 9 ms: p50 2, p90 9 > 1.5 × 2.
        let wide = Statistics(Array(repeating: 2, count: 8) + [9, 9])
        #expect(FidelityBaseline.disturbance(["stapled": wide, "none": Self.quiet], best: [:])
                == "stapled p90 9.00 ms > 1.5 × p50 2.00 ms")
        #expect(FidelityBaseline.excess(["stapled": wide], best: [:]) == 3)
        #expect(FidelityBaseline.excess(["none": Self.quiet], best: [:])! < 1)
    }

    @Test func aDriftAboveTheLowestBaselineIsDisturbed() {
        // p50 2.45 against a lowest 1.6: 2.45 > 2.4.
        #expect(FidelityBaseline.disturbance(["none": Self.quiet], best: ["none": 1.6])
                == "none p50 2.45 ms > 1.5 × lowest 1.60 ms")
        // Modes are judged in alphabetical order: classic's drift is named before none's.
        #expect(FidelityBaseline.disturbance(["none": Self.quiet, "classic": Self.quiet], best: ["none": 1, "classic": 1])?
                    .hasPrefix("classic p50") == true)
    }

    @Test func baselinesPoolTheirSamplesAndCountTheirAttempts() {
        let before = FidelityBaseline(label: "before 1 ms", samples: ["none": Statistics([2, 3]), "classic": Statistics([4])])
        let after = FidelityBaseline(label: "1 ms → 5 ms", samples: ["none": Statistics([1, 5])], rejections: ["x", "y"])
        let pooled = before.pooled(with: after)
        #expect(pooled["none"]?.samples == [1, 2, 3, 5])
        #expect(pooled["none"]?.median == 2.5)
        #expect(pooled["classic"]?.samples == [4])
        #expect(before.attempts == 1 && after.attempts == 3)
        #expect(after.p50("none") == 3)
        #expect(FidelityBaseline.rule.contains("p90 > 1.5 × p50"))
    }
}

extension FidelityBaselineTests {
    @Test func aBaselineStillDisturbedIsLeftOutWhenItsNeighbourIsNot() {
        let quiet = FidelityBaseline(label: "a", samples: ["none": Statistics([2, 3])])
        let other = FidelityBaseline(label: "b", samples: ["none": Statistics([4, 5])])
        let disturbed = FidelityBaseline(label: "c", samples: ["none": Statistics([20, 30])], rejections: ["x", "y"],
                                         disturbance: "none p90 …")
        let both = FidelityBaseline.around(quiet, other)
        #expect(both.samples["none"]?.samples == [2, 3, 4, 5] && !both.disturbed)
        #expect(FidelityBaseline.around(quiet, disturbed).samples["none"]?.samples == [2, 3])
        #expect(FidelityBaseline.around(disturbed, other).samples["none"]?.samples == [4, 5])
        #expect(!FidelityBaseline.around(disturbed, other).disturbed)
        // Both disturbed: pooled anyway, and said so.
        let worst = FidelityBaseline.around(disturbed, disturbed)
        #expect(worst.disturbed && worst.samples["none"]?.count == 4)
    }
}

import Testing
@testable import StapleReport

/// The bootstrap against distributions whose answer is known.
@Suite struct BootstrapTests {
    /// `n` draws from U(0, 1), seeded.
    static func uniform(_ n: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<n).map { _ in Double(generator.next() >> 11) / Double(1 << 53) }
    }

    @Test func splitMixMatchesTheReferenceSequence() {
        // The first outputs of Vigna's splitmix64.c from state 0.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        var bounded = SplitMix64(seed: 7)
        #expect((0..<1000).allSatisfy { _ in (0..<3).contains(bounded.index(below: 3)) })
    }

    @Test func medianOfAUniformSampleIsCoveredWithTheExpectedWidth() throws {
        // Median of U(0,1): 0.5; its standard error is 1 / (2 f(0.5) √n) = 1 / (2 √n), so a 95 %
        // interval is about 2 · 1.96 / (2 √1000) = 0.0620 wide.
        let sample = Statistics(Self.uniform(1000, seed: 11))
        let interval = try #require(Bootstrap.percentileInterval(sample, 50))
        #expect(interval.contains(0.5))
        #expect(interval.contains(try #require(sample.median)))
        #expect(abs(interval.width - 0.0620) < 0.0620 * 0.25, "width \(interval.width)")
        #expect(interval.level == 0.95)
    }

    @Test func p90OfAUniformSampleIsCovered() throws {
        // p90 of U(0,1): 0.9; standard error √(0.9 · 0.1 / n) / f = 0.00949 at n = 1000: width ≈ 0.0372.
        let interval = try #require(Bootstrap.percentileInterval(Statistics(Self.uniform(1000, seed: 12)), 90))
        #expect(interval.contains(0.9))
        #expect(abs(interval.width - 0.0372) < 0.0372 * 0.3, "width \(interval.width)")
    }

    @Test func aConstantSampleHasAZeroWidthIntervalAndTooFewSamplesNone() throws {
        let interval = try #require(Bootstrap.percentileInterval(Statistics(Array(repeating: 42.5, count: 50)), 50))
        #expect(interval == ConfidenceInterval(lower: 42.5, upper: 42.5))
        #expect(interval.width == 0)
        #expect(Bootstrap.percentileInterval(Statistics([3]), 50) == nil)
        #expect(Bootstrap.percentileInterval(Statistics([]), 90) == nil)
        #expect(Bootstrap.differenceInterval(Statistics([1, 2]), Statistics([5])) == nil)
    }

    @Test func theSameSamplesAndSeedGiveTheSameInterval() throws {
        let sample = Statistics(Self.uniform(200, seed: 3))
        #expect(Bootstrap.percentileInterval(sample, 50) == Bootstrap.percentileInterval(sample, 50))
        #expect(Bootstrap.percentileInterval(sample, 50, seed: 1) != Bootstrap.percentileInterval(sample, 50, seed: 2))
        // p50 and p90 from one set of resamples equal the intervals drawn one at a time.
        let both = Bootstrap.percentileIntervals(sample, [50, 90])
        #expect(both[0] == Bootstrap.percentileInterval(sample, 50))
    }

    @Test func differenceOfMediansCoversTheShift() throws {
        // b is a shifted by −40: the difference of medians is −40 within its interval, which excludes 0.
        let a = Statistics(Self.uniform(500, seed: 21).map { 100 + 10 * $0 })
        let b = Statistics(Self.uniform(500, seed: 22).map { 60 + 10 * $0 })
        let interval = try #require(Bootstrap.differenceInterval(a, b))
        #expect(interval.contains(-40))
        #expect(!interval.contains(0))
        // Same distribution on both sides: the interval covers 0.
        let c = Statistics(Self.uniform(500, seed: 23).map { 100 + 10 * $0 })
        #expect(try #require(Bootstrap.differenceInterval(a, c)).contains(0))
    }

    @Test func intervalsOverlapAtTheirBounds() {
        let a = ConfidenceInterval(lower: 1, upper: 2)
        #expect(a.overlaps(ConfidenceInterval(lower: 2, upper: 3)))
        #expect(!a.overlaps(ConfidenceInterval(lower: 2.05, upper: 3)))
        #expect(ConfidenceInterval(lower: 5, upper: 4) == ConfidenceInterval(lower: 4, upper: 5))
    }
}

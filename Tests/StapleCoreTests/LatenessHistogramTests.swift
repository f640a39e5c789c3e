import Testing
@testable import StapleCore

@Suite struct LatenessHistogramTests {
    @Test func emptyHasNoPercentiles() {
        let histogram = LatenessHistogram()
        #expect(histogram.count == 0)
        #expect(histogram.nanoseconds(atQuantile: 0.5) == nil)
        #expect(histogram.summary == nil)
    }

    /// 1…100 µs: nearest-rank p50 is 50 µs, p99 99 µs, exact at 1 µs buckets.
    @Test func percentilesAreNearestRankToTheMicrosecond() {
        var histogram = LatenessHistogram()
        for micro in (1...100).reversed() { histogram.record(Int64(micro) * 1000 + 400) }
        #expect(histogram.count == 100)
        #expect(histogram.nanoseconds(atQuantile: 0.5) == 50_000)
        #expect(histogram.nanoseconds(atQuantile: 0.99) == 99_000)
        #expect(histogram.nanoseconds(atQuantile: 1) == 100_000)
        #expect(histogram.summary == .init(count: 100, p50Microseconds: 50, p99Microseconds: 99, maxMicroseconds: 100.4))
    }

    /// Early deliveries are negative lateness, kept as such.
    @Test func earlyValuesStayNegative() {
        var histogram = LatenessHistogram()
        for value: Int64 in [-15_000, -15_000, -15_000, 2_000] { histogram.record(value) }
        #expect(histogram.nanoseconds(atQuantile: 0.5) == -15_000)
        #expect(histogram.minNanoseconds == -15_000)
        #expect(histogram.maxNanoseconds == 2_000)
    }

    /// Beyond the fine range: 100 µs buckets to 100 ms, then one overflow bucket clamped to the maximum.
    @Test func coarseAndOverflowBuckets() {
        var histogram = LatenessHistogram()
        histogram.record(7_654_321)
        #expect(histogram.nanoseconds(atQuantile: 0.5) == 7_654_321)   // clamped to the only value
        histogram.record(7_700_000)
        #expect(histogram.nanoseconds(atQuantile: 0.5) == 7_654_321)
        histogram.record(5_000_000_000)
        #expect(histogram.nanoseconds(atQuantile: 1) == 5_000_000_000)
        #expect(LatenessHistogram.index(-5_000_000) == 0)
        #expect(LatenessHistogram.index(100_000_000) == LatenessHistogram.fineCount + LatenessHistogram.coarseCount + 1)
    }

    @Test func mergeAddsCountsAndExtremes() {
        var a = LatenessHistogram(), b = LatenessHistogram()
        a.record(10_000)
        b.record(30_000)
        b.record(20_000)
        a.merge(b)
        #expect(a.count == 3)
        #expect(a.nanoseconds(atQuantile: 0.5) == 20_000)
        #expect(a.maxNanoseconds == 30_000)
        #expect(a.minNanoseconds == 10_000)
    }
}

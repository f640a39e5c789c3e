import Testing
@testable import StapleReport

/// Expected values are worked by hand (type-7 ranks) and agree with numpy 2.4
/// (`numpy.percentile`, `numpy.std(ddof=1)`).
@Suite struct StatisticsTests {
    @Test func percentilesInterpolateBetweenClosestRanks() throws {
        // Sorted: 15 20 35 40 50; rank h = 4p/100.
        let stats = Statistics([50, 15, 40, 20, 35])
        #expect(stats.samples == [15, 20, 35, 40, 50])
        #expect(stats.percentile(0) == 15)
        #expect(stats.percentile(25) == 20)          // h = 1
        #expect(stats.percentile(50) == 35)          // h = 2
        #expect(abs(try #require(stats.percentile(90)) - 46) < 1e-12)   // h = 3.6: 40 + 0.6 · 10
        #expect(abs(try #require(stats.percentile(99)) - 49.6) < 1e-12)  // h = 3.96
        #expect(stats.percentile(100) == 50)
        #expect(abs(try #require(stats.percentile(40)) - 29) < 1e-12)   // h = 1.6: 20 + 0.6 · 15
    }

    @Test func meanStandardDeviationMinMax() throws {
        let stats = Statistics([50, 15, 40, 20, 35])
        #expect(stats.count == 5)
        #expect(stats.mean == 32)
        // Squared deviations 289 + 144 + 9 + 64 + 324 = 830; / (n − 1) = 207.5.
        #expect(abs(try #require(stats.standardDeviation) - 14.404860290887934) < 1e-12)
        #expect(stats.min == 15)
        #expect(stats.max == 50)
    }

    @Test func evenCountMedianAndSmallSets() throws {
        #expect(Statistics([4, 1, 3, 2]).median == 2.5)
        let one = Statistics([7.25])
        #expect(one.percentile(99) == 7.25)
        #expect(one.standardDeviation == nil)
        let none = Statistics([])
        #expect(none.median == nil && none.mean == nil && none.min == nil && none.outliers.isEmpty)
        #expect(Statistics([1, .nan, 3]).samples == [1, 3])
    }

    @Test func tukeyFencesFindOutliersOnBothSides() throws {
        // Q1 = 10.25, Q3 = 12.75 (h = 2.25 and 6.75 over 10 samples), IQR = 2.5,
        // fences 6.5 and 16.5.
        let stats = Statistics([1, 10, 10, 11, 11, 12, 12, 13, 13, 40])
        let fences = try #require(stats.tukeyFences)
        #expect(abs(fences.lower - 6.5) < 1e-12)
        #expect(abs(fences.upper - 16.5) < 1e-12)
        #expect(stats.outliers == [1, 40])
        #expect(Statistics([15, 20, 35, 40, 50]).outliers.isEmpty)
    }

    @Test func percentileArgumentIsClamped() {
        let stats = Statistics([1, 2, 3])
        #expect(stats.percentile(-5) == 1)
        #expect(stats.percentile(150) == 3)
        #expect(stats.percentile(.nan) == nil)
    }
}

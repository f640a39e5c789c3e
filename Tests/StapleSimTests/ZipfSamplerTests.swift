import Testing
import StapleReport
@testable import StapleSim

/// The Zipf sampler draws ranks with the stated probabilities.
@Suite struct ZipfSamplerTests {
    @Test(arguments: [0.0, 0.8, 1.0, 1.5])
    func frequenciesMatchTheExactProbabilities(exponent: Double) {
        let sampler = ZipfSampler(count: 10, exponent: exponent)
        var random = SplitMix64(seed: 99)
        var counts = Array(repeating: 0, count: 11)
        let draws = 200_000
        for _ in 0..<draws { counts[sampler.next(&random)] += 1 }
        #expect(counts[0] == 0)
        for rank in 1...10 {
            let expected = sampler.probability(of: rank) * Double(draws)
            // 5 standard deviations of a binomial count.
            let sd = (expected * (1 - expected / Double(draws))).squareRoot()
            #expect(abs(Double(counts[rank]) - expected) < 5 * sd, "rank \(rank): \(counts[rank]) draws, expected \(expected)")
        }
    }

    @Test func ranksStayInRangeForAMillionSites() {
        let sampler = ZipfSampler(count: 1_000_000, exponent: 1)
        var random = SplitMix64(seed: 1)
        var top = 0
        for _ in 0..<100_000 {
            let rank = sampler.next(&random)
            #expect((1...1_000_000).contains(rank))
            if rank == 1 { top += 1 }
        }
        // P(rank 1) = 1 / H(10^6) ≈ 0.0695.
        #expect((6_600...7_300).contains(top), "rank 1 drawn \(top) times")
    }
}

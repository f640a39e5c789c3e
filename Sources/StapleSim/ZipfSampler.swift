import Foundation
import StapleReport

/// Draws ranks 1 … n with Zipf probabilities (rank k ∝ k^−s) in constant time and memory, by
/// Hörmann and Derflinger's rejection-inversion ("Rejection-inversion to generate variates from
/// monotone discrete distributions", ACM TOMACS 6(3), 1996), as Apache Commons RNG's
/// `RejectionInversionZipfSampler` does. An exponent of 0 is the uniform distribution.
public struct ZipfSampler: Sendable {
    /// How many ranks.
    public let count: Int
    /// The exponent `s`.
    public let exponent: Double
    private let hIntegralX1: Double
    private let hIntegralN: Double
    private let squeeze: Double

    /// A sampler over ranks 1 … `count` (count ≥ 1) with exponent `exponent` ≥ 0.
    public init(count: Int, exponent: Double) {
        precondition(count >= 1 && exponent >= 0, "a Zipf sampler needs count ≥ 1 and exponent ≥ 0")
        self.count = count
        self.exponent = exponent
        hIntegralX1 = ZipfSampler.hIntegral(1.5, exponent) - 1
        hIntegralN = ZipfSampler.hIntegral(Double(count) + 0.5, exponent)
        squeeze = 2 - ZipfSampler.hIntegralInverse(ZipfSampler.hIntegral(2.5, exponent) - ZipfSampler.h(2, exponent), exponent)
    }

    /// One rank, 1 … count.
    public func next(_ random: inout SplitMix64) -> Int {
        if exponent == 0 || count == 1 { return random.index(below: count) + 1 }
        while true {
            let u = hIntegralN + ZipfSampler.uniform(&random) * (hIntegralX1 - hIntegralN)
            let x = ZipfSampler.hIntegralInverse(u, exponent)
            let k = min(max(Int(x + 0.5), 1), count)
            if Double(k) - x <= squeeze || u >= ZipfSampler.hIntegral(Double(k) + 0.5, exponent) - ZipfSampler.h(Double(k), exponent) {
                return k
            }
        }
    }

    /// The exact probability of rank `k` (for tests and small counts: O(count)).
    public func probability(of k: Int) -> Double {
        let total = (1...count).reduce(0.0) { $0 + pow(Double($1), -exponent) }
        return pow(Double(k), -exponent) / total
    }

    /// A uniform number in [0, 1) with 53 random bits.
    static func uniform(_ random: inout SplitMix64) -> Double { Double(random.next() >> 11) * 0x1p-53 }

    private static func h(_ x: Double, _ e: Double) -> Double { exp(-e * log(x)) }

    private static func hIntegral(_ x: Double, _ e: Double) -> Double {
        let logX = log(x)
        return helper2((1 - e) * logX) * logX
    }

    private static func hIntegralInverse(_ x: Double, _ e: Double) -> Double {
        var t = x * (1 - e)
        if t < -1 { t = -1 }
        return exp(helper1(t) * x)
    }

    /// log(1 + x) / x, continuous at 0.
    private static func helper1(_ x: Double) -> Double {
        abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x))
    }

    /// (exp(x) − 1) / x, continuous at 0.
    private static func helper2(_ x: Double) -> Double {
        abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x))
    }
}

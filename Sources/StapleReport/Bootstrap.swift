/// Percentile-bootstrap confidence intervals (Efron & Tibshirani 1993, §13.3), seeded.
///
/// Method: draw `resamples` (2000) resamples of the `n` samples with replacement, compute the
/// statistic on each (a percentile as `Statistics` defines it, type 7), and take the 2.5th and
/// 97.5th percentiles of those values (type 7 again) as the 95 % interval. For a difference
/// (stapled − classic), each resample draws from both groups independently. The generator is
/// SplitMix64 started from `seed`, so the same samples always give the same interval.
/// A constant sample gives a zero-width interval; fewer than two samples give none.
public enum Bootstrap {
    /// Resamples drawn per interval.
    public static let resamples = 2000
    /// The confidence level.
    public static let level = 0.95
    /// The default seed (any fixed value; it makes intervals repeat exactly).
    public static let seed: UInt64 = 0x5EED_0CE5_B007_57A9
    /// How the intervals are made, for legends and files.
    public static let method = "95% CI: percentile bootstrap, 2000 resamples, seeded"

    /// Intervals for the percentiles `ps` (each in 0…100) of `samples`, one per percentile, from the
    /// same resamples; `nil` entries below two samples.
    public static func percentileIntervals(_ samples: Statistics, _ ps: [Double], resamples: Int = resamples,
                                           seed: UInt64 = seed) -> [ConfidenceInterval?] {
        guard samples.count >= 2, resamples >= 2 else { return ps.map { _ in nil } }
        var generator = SplitMix64(seed: seed)
        var values = ps.map { _ in [Double]() }
        var counts = [Int](repeating: 0, count: samples.count)
        for _ in 0..<resamples {
            let stats = resampledPercentiles(samples.samples, ps, &counts, &generator)
            for index in ps.indices { values[index].append(stats[index]) }
        }
        return values.map(interval)
    }

    /// The interval for the percentile `p` of `samples`.
    public static func percentileInterval(_ samples: Statistics, _ p: Double, resamples: Int = resamples,
                                          seed: UInt64 = seed) -> ConfidenceInterval? {
        percentileIntervals(samples, [p], resamples: resamples, seed: seed)[0]
    }

    /// The interval for `percentile p of b − percentile p of a` (e.g. stapled − classic medians).
    public static func differenceInterval(_ a: Statistics, _ b: Statistics, _ p: Double = 50,
                                          resamples: Int = resamples, seed: UInt64 = seed) -> ConfidenceInterval? {
        guard a.count >= 2, b.count >= 2, resamples >= 2 else { return nil }
        var generator = SplitMix64(seed: seed)
        var countsA = [Int](repeating: 0, count: a.count), countsB = [Int](repeating: 0, count: b.count)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let left = resampledPercentiles(a.samples, [p], &countsA, &generator)[0]
            let right = resampledPercentiles(b.samples, [p], &countsB, &generator)[0]
            values.append(right - left)
        }
        return interval(values)
    }

    /// The 2.5th…97.5th percentile range of the bootstrap values.
    static func interval(_ values: [Double]) -> ConfidenceInterval? {
        let stats = Statistics(values)
        let tail = (1 - level) / 2 * 100
        guard let lower = stats.percentile(tail), let upper = stats.percentile(100 - tail) else { return nil }
        return ConfidenceInterval(lower: lower, upper: upper, level: level)
    }

    /// The percentiles `ps` of one resample of `sorted` (ascending), drawn as multiplicities so no sort is needed.
    static func resampledPercentiles(_ sorted: [Double], _ ps: [Double], _ counts: inout [Int],
                                     _ generator: inout SplitMix64) -> [Double] {
        let n = sorted.count
        for index in counts.indices { counts[index] = 0 }
        for _ in 0..<n { counts[generator.index(below: n)] += 1 }
        return ps.map { p in
            let rank = Double(n - 1) * Swift.min(Swift.max(p, 0), 100) / 100
            let lower = Int(rank.rounded(.down))
            let fraction = rank - Double(lower)
            let low = element(at: lower, sorted, counts)
            guard fraction > 0 else { return low }
            let high = element(at: Swift.min(lower + 1, n - 1), sorted, counts)
            return low + fraction * (high - low)
        }
    }

    /// The element at sorted position `position` of the resample given by `counts`.
    private static func element(at position: Int, _ sorted: [Double], _ counts: [Int]) -> Double {
        var seen = 0
        for index in counts.indices {
            seen += counts[index]
            if seen > position { return sorted[index] }
        }
        return sorted[sorted.count - 1]
    }
}

/// Exact descriptive statistics of a set of samples (every sample is kept; nothing is binned).
///
/// Percentiles use linear interpolation between closest ranks: with the `n` samples sorted
/// ascending as `x[0] … x[n-1]`, the `p`-th percentile is at rank `h = (n − 1) · p / 100`,
/// and its value is `x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋])`. This is definition 7 of
/// Hyndman & Fan (1996), the default of R's `quantile` and of numpy's `percentile`.
///
/// Outliers are found with Tukey's fences: a sample is an outlier when it lies below
/// `Q1 − 1.5 · IQR` or above `Q3 + 1.5 · IQR`, where `Q1` and `Q3` are the 25th and 75th
/// percentiles (as above) and `IQR = Q3 − Q1`.
public struct Statistics: Hashable, Sendable {
    /// The samples, sorted ascending (NaN dropped).
    public let samples: [Double]

    /// Statistics of `samples`; NaN values are dropped.
    public init<S: Sequence>(_ samples: S) where S.Element == Double {
        self.samples = samples.filter { !$0.isNaN }.sorted()
    }

    /// How many samples there are.
    public var count: Int { samples.count }
    /// The smallest sample.
    public var min: Double? { samples.first }
    /// The largest sample.
    public var max: Double? { samples.last }

    /// The arithmetic mean.
    public var mean: Double? {
        guard !samples.isEmpty else { return nil }
        return samples.reduce(0, +) / Double(samples.count)
    }

    /// The sample standard deviation (divisor `n − 1`, numpy's `ddof=1`); `nil` below two samples.
    public var standardDeviation: Double? {
        guard samples.count >= 2, let mean else { return nil }
        let squares = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(samples.count - 1)).squareRoot()
    }

    /// The `p`-th percentile (`p` in 0…100, clamped), interpolated as described on the type.
    public func percentile(_ p: Double) -> Double? {
        guard !samples.isEmpty, !p.isNaN else { return nil }
        let rank = Double(samples.count - 1) * Swift.min(Swift.max(p, 0), 100) / 100
        let lower = Int(rank.rounded(.down))
        let upper = Swift.min(lower + 1, samples.count - 1)
        let fraction = rank - Double(lower)
        return samples[lower] + fraction * (samples[upper] - samples[lower])
    }

    /// The 50th percentile.
    public var median: Double? { percentile(50) }

    /// Tukey's fences `(Q1 − 1.5 · IQR, Q3 + 1.5 · IQR)`.
    public var tukeyFences: (lower: Double, upper: Double)? {
        guard let q1 = percentile(25), let q3 = percentile(75) else { return nil }
        let iqr = q3 - q1
        return (q1 - 1.5 * iqr, q3 + 1.5 * iqr)
    }

    /// The samples outside Tukey's fences, ascending.
    public var outliers: [Double] {
        guard let fences = tukeyFences else { return [] }
        return samples.filter { $0 < fences.lower || $0 > fences.upper }
    }
}

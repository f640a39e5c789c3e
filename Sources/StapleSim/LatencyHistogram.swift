/// Latencies as exact values with their counts: a simulation's latencies come from the delay
/// model, so few distinct values recur millions of times, and memory stays bounded by the
/// distinct values, not the handshakes.
///
/// Percentiles are those of ``StapleReport/Statistics`` (linear interpolation between closest
/// ranks, Hyndman & Fan definition 7) over the samples the counts stand for, so a simulation's
/// p50 and a run's are taken the same way.
public struct LatencyHistogram: Sendable {
    private var counts: [Double: Int] = [:]
    /// Samples added.
    public private(set) var count = 0
    private var sum = 0.0
    private var sumOfSquares = 0.0

    /// An empty histogram.
    public init() {}

    /// Adds one sample.
    @inline(__always)
    public mutating func add(_ value: Double) {
        counts[value, default: 0] += 1
        count += 1
        sum += value
        sumOfSquares += value * value
    }

    /// Distinct values held.
    public var distinctValues: Int { counts.count }

    /// The mean.
    public var mean: Double? { count > 0 ? sum / Double(count) : nil }
    /// The smallest sample.
    public var min: Double? { counts.keys.min() }
    /// The largest sample.
    public var max: Double? { counts.keys.max() }

    /// The sample standard deviation (divisor n − 1); nil below two samples.
    public var standardDeviation: Double? {
        guard count >= 2, let mean else { return nil }
        let variance = (sumOfSquares - Double(count) * mean * mean) / Double(count - 1)
        return Swift.max(0, variance).squareRoot()
    }

    /// The `p`-th percentile (0 … 100), interpolated as ``StapleReport/Statistics`` does.
    public func percentile(_ p: Double) -> Double? {
        guard count > 0 else { return nil }
        let sorted = counts.sorted { $0.key < $1.key }
        let rank = Double(count - 1) * Swift.min(Swift.max(p, 0), 100) / 100
        let lower = Int(rank.rounded(.down))
        let fraction = rank - Double(lower)
        func value(at index: Int) -> Double {
            var seen = 0
            for (value, n) in sorted {
                seen += n
                if index < seen { return value }
            }
            return sorted[sorted.count - 1].key
        }
        let low = value(at: lower)
        let high = value(at: Swift.min(lower + 1, count - 1))
        return low + fraction * (high - low)
    }
}

/// How late an event loop's timer fired, as a histogram of fixed size: exact to the microsecond
/// below 32 µs, then 16 buckets per power of two (within 6.25 %), up to about 19 hours.
///
/// Memory is the same whatever the number of samples (528 counters), so a run of any length
/// can keep one per part.
public struct LagHistogram: Hashable, Sendable {
    /// Counters per bucket.
    private var counts = [Int](repeating: 0, count: LagHistogram.bucketCount)
    /// Samples recorded.
    public private(set) var count = 0
    /// The largest sample, nanoseconds (exact).
    public private(set) var maxNanoseconds: Int64 = 0

    static let bucketCount = 32 + 31 * 16

    /// An empty histogram.
    public init() {}

    /// Adds one sample (a negative lag, a timer early, counts as 0).
    public mutating func record(nanoseconds: Int64) {
        let value = max(0, nanoseconds)
        counts[Self.bucket(microseconds: value / 1000)] += 1
        count += 1
        maxNanoseconds = max(maxNanoseconds, value)
    }

    /// Adds every sample of `other`.
    public mutating func merge(_ other: LagHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
        count += other.count
        maxNanoseconds = max(maxNanoseconds, other.maxNanoseconds)
    }

    /// The `p`-th percentile (0…100), ms: the upper edge of the bucket holding that rank (never
    /// above the largest sample), or 0 without samples.
    public func percentileMs(_ p: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = max(1, Int((Double(count) * min(100, max(0, p)) / 100).rounded(.up)))
        var seen = 0
        for (index, n) in counts.enumerated() where n > 0 {
            seen += n
            if seen >= rank {
                return min(Double(Self.upperEdgeMicroseconds(index)) / 1000, maxMs)
            }
        }
        return maxMs
    }

    /// The largest sample, ms.
    public var maxMs: Double { Double(maxNanoseconds) / 1e6 }

    /// The bucket of a lag in microseconds.
    static func bucket(microseconds value: Int64) -> Int {
        guard value >= 32 else { return Int(value) }
        let exponent = min(35, 63 - value.leadingZeroBitCount)          // 5…35
        let sub = Int((value >> (exponent - 4)) & 15)
        return min(bucketCount - 1, 32 + (exponent - 5) * 16 + sub)
    }

    /// The first microsecond value above bucket `index`.
    static func upperEdgeMicroseconds(_ index: Int) -> Int64 {
        guard index >= 32 else { return Int64(index) + 1 }
        let exponent = (index - 32) / 16 + 5, sub = Int64((index - 32) % 16)
        return (16 + sub + 1) << (exponent - 4)
    }
}

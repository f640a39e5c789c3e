/// How late scheduled work ran (actual minus scheduled time), in a fixed, bounded set of
/// buckets: 1 µs wide from −1 ms to +4 ms, 100 µs wide to +100 ms, then one overflow bucket.
/// Early values (a delivery that went out before its deadline) are kept as negative lateness.
/// Percentiles are exact to the bucket's width (1 µs where hop timing matters).
public struct LatenessHistogram: Hashable, Sendable {
    /// The finest buckets' range, nanoseconds (−1 ms …< +4 ms).
    static let fineLow: Int64 = -1_000_000, fineHigh: Int64 = 4_000_000, fineWidth: Int64 = 1_000
    /// The coarse buckets' range (+4 ms …< +100 ms).
    static let coarseHigh: Int64 = 100_000_000, coarseWidth: Int64 = 100_000
    static let fineCount = Int((fineHigh - fineLow) / fineWidth)
    static let coarseCount = Int((coarseHigh - fineHigh) / coarseWidth)

    private var buckets: [UInt64]
    /// How many values were recorded.
    public private(set) var count: UInt64 = 0
    /// The largest value recorded, nanoseconds.
    public private(set) var maxNanoseconds: Int64 = .min
    /// The smallest value recorded, nanoseconds.
    public private(set) var minNanoseconds: Int64 = .max

    /// An empty histogram.
    public init() {
        buckets = [UInt64](repeating: 0, count: LatenessHistogram.fineCount + LatenessHistogram.coarseCount + 2)
    }

    /// The bucket of `nanoseconds`: 0 below the fine range, then fine, coarse, overflow.
    static func index(_ nanoseconds: Int64) -> Int {
        if nanoseconds < fineLow { return 0 }
        if nanoseconds < fineHigh { return 1 + Int((nanoseconds - fineLow) / fineWidth) }
        if nanoseconds < coarseHigh { return 1 + fineCount + Int((nanoseconds - fineHigh) / coarseWidth) }
        return 1 + fineCount + coarseCount
    }

    /// The value a bucket stands for (its lower edge; the extremes for the open buckets).
    static func value(of index: Int) -> Int64 {
        if index == 0 { return fineLow }
        if index <= fineCount { return fineLow + Int64(index - 1) * fineWidth }
        if index <= fineCount + coarseCount { return fineHigh + Int64(index - 1 - fineCount) * coarseWidth }
        return coarseHigh
    }

    /// Records one lateness.
    public mutating func record(_ nanoseconds: Int64) {
        buckets[LatenessHistogram.index(nanoseconds)] &+= 1
        count &+= 1
        maxNanoseconds = max(maxNanoseconds, nanoseconds)
        minNanoseconds = min(minNanoseconds, nanoseconds)
    }

    /// Adds another histogram's values.
    public mutating func merge(_ other: LatenessHistogram) {
        for index in buckets.indices { buckets[index] &+= other.buckets[index] }
        count &+= other.count
        maxNanoseconds = max(maxNanoseconds, other.maxNanoseconds)
        minNanoseconds = min(minNanoseconds, other.minNanoseconds)
    }

    /// The `quantile` (0…1) in nanoseconds: the lower edge of the bucket holding the value of
    /// rank ⌈quantile × count⌉ (nearest rank), clamped to the recorded extremes; nil when empty.
    public func nanoseconds(atQuantile quantile: Double) -> Int64? {
        guard count > 0 else { return nil }
        let rank = max(1, UInt64((quantile * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucketCount) in buckets.enumerated() where bucketCount > 0 {
            seen &+= bucketCount
            guard seen >= rank else { continue }
            // The open buckets at either end hold values of unknown size: their extremes stand for them.
            if index == 0 { return minNanoseconds }
            if index == buckets.count - 1 { return maxNanoseconds }
            return min(max(LatenessHistogram.value(of: index), minNanoseconds), maxNanoseconds)
        }
        return maxNanoseconds
    }

    /// p50, p99 and the maximum in microseconds, or nil when empty.
    public var summary: Summary? {
        guard let p50 = nanoseconds(atQuantile: 0.5), let p99 = nanoseconds(atQuantile: 0.99) else { return nil }
        return Summary(count: Int(clamping: count), p50Microseconds: Double(p50) / 1000, p99Microseconds: Double(p99) / 1000,
                       maxMicroseconds: Double(maxNanoseconds) / 1000)
    }

    /// What a report prints of a histogram.
    public struct Summary: Hashable, Sendable, Codable {
        /// Values recorded.
        public var count: Int
        /// Median lateness, µs.
        public var p50Microseconds: Double
        /// 99th percentile, µs.
        public var p99Microseconds: Double
        /// The latest, µs.
        public var maxMicroseconds: Double

        enum CodingKeys: String, CodingKey {
            case count, p50Microseconds = "p50", p99Microseconds = "p99", maxMicroseconds = "max"
        }

        /// A summary from its parts.
        public init(count: Int, p50Microseconds: Double, p99Microseconds: Double, maxMicroseconds: Double) {
            self.count = count
            self.p50Microseconds = p50Microseconds
            self.p99Microseconds = p99Microseconds
            self.maxMicroseconds = maxMicroseconds
        }
    }
}

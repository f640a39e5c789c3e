/// How much repeated `bench fidelity` measurements disagree: at every (RTT, mode), the largest
/// difference between repeats (max − min over the repeats that have the point) of the measured
/// p50, the pooled zero-delay baseline, the gap, the ratio and the links' excess over the model.
public struct FidelityRepeats: Hashable, Sendable {
    /// One (RTT, mode) across the repeats.
    public struct Point: Hashable, Sendable {
        /// Every link's RTT, ms.
        public var rttMs: Double
        /// The mode.
        public var mode: String
        /// How many repeats measured this point.
        public var repeats: Int
        /// The measured p50s, ms, one per repeat, in repeat order.
        public var measuredMs: [Double]
        /// The baselines (pooled around the point), ms, in repeat order.
        public var baselineMs: [Double]
        /// The gaps, ms, in repeat order.
        public var gapMs: [Double]
        /// The ratios, in repeat order.
        public var ratio: [Double]
        /// The links' excess over the model (``Bench/FidelityRow/linkExcessMs``), ms, in repeat
        /// order (repeats without one left out).
        public var linkExcessMs: [Double] = []

        /// The largest difference between two repeats' measured p50s, ms.
        public var measuredSpreadMs: Double { FidelityRepeats.spread(measuredMs) }
        /// The largest difference between two repeats' baselines, ms.
        public var baselineSpreadMs: Double { FidelityRepeats.spread(baselineMs) }
        /// The largest difference between two repeats' gaps, ms.
        public var gapSpreadMs: Double { FidelityRepeats.spread(gapMs) }
        /// The largest difference between two repeats' ratios.
        public var ratioSpread: Double { FidelityRepeats.spread(ratio) }
        /// The largest difference between two repeats' link excesses, ms.
        public var linkExcessSpreadMs: Double { FidelityRepeats.spread(linkExcessMs) }
    }

    /// Every point, in the order of the first repeat that has it.
    public var points: [Point]

    /// The repeats' rows, one array per repeat.
    public init(_ repeats: [[Bench.FidelityRow]]) {
        var points: [Point] = []
        var index: [String: Int] = [:]
        for rows in repeats {
            for row in rows {
                let key = "\(row.rttMs) \(row.mode)"
                if index[key] == nil {
                    index[key] = points.count
                    points.append(Point(rttMs: row.rttMs, mode: row.mode, repeats: 0, measuredMs: [], baselineMs: [],
                                        gapMs: [], ratio: []))
                }
                let at = index[key]!
                points[at].repeats += 1
                points[at].measuredMs.append(row.measuredMs)
                points[at].baselineMs.append(row.baselineMs)
                points[at].gapMs.append(row.gapMs)
                points[at].ratio.append(row.ratio)
                if let excess = row.linkExcessMs { points[at].linkExcessMs.append(excess) }
            }
        }
        self.points = points
    }

    /// The largest measured-p50 difference at any point, ms (0 without points).
    public var largestMeasuredSpreadMs: Double { points.map(\.measuredSpreadMs).max() ?? 0 }
    /// The largest baseline difference at any point, ms.
    public var largestBaselineSpreadMs: Double { points.map(\.baselineSpreadMs).max() ?? 0 }

    /// max − min (0 for fewer than two values).
    static func spread(_ values: [Double]) -> Double {
        guard let low = values.min(), let high = values.max() else { return 0 }
        return high - low
    }
}

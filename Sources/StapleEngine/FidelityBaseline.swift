import StapleReport

/// One zero-delay baseline of `bench fidelity`: every mode's time to first byte with no delay
/// at all (the harness's own CPU cost), and the attempts rejected as disturbed before it.
///
/// The rule (``disturbance(_:best:)``): a baseline is disturbed when, in some mode, its p90 is
/// above ``spreadLimit`` × its p50 (a spread no zero-delay handshake has on a quiet machine), or
/// its p50 is above ``driftLimit`` × the lowest baseline p50 of that mode so far (the warm-up's
/// included). A disturbed baseline is measured again, at most ``maxAttempts`` times in all; when
/// every attempt is disturbed, the least disturbed one (smallest ``excess(_:best:)``) is kept and
/// still called disturbed.
public struct FidelityBaseline: Hashable, Sendable {
    /// The most p90 / p50 of an undisturbed baseline.
    public static let spreadLimit = 1.5
    /// The most p50 / (lowest baseline p50 so far) of an undisturbed baseline.
    public static let driftLimit = 1.5
    /// Measurements of one baseline at most (the first and the repeats).
    public static let maxAttempts = 3
    /// The rule, for output.
    public static let rule = "A baseline is disturbed when in some mode p90 > \(spreadLimit) × p50, or p50 > "
        + "\(driftLimit) × that mode's lowest baseline p50 so far; it is then measured again, at most \(maxAttempts) times in all"

    /// Where it was measured: `before 1 ms`, `1 ms → 5 ms`, `after 200 ms`.
    public var label: String
    /// Mode → the kept attempt's counted times to first byte, ms.
    public var samples: [String: Statistics]
    /// Why each attempt not kept was disturbed, in order of measurement (empty: the first was kept).
    public var rejections: [String]
    /// Why the kept attempt is disturbed too (only when all ``maxAttempts`` were), or nil.
    public var disturbance: String?

    /// A baseline from its parts.
    public init(label: String, samples: [String: Statistics], rejections: [String] = [], disturbance: String? = nil) {
        self.label = label
        self.samples = samples
        self.rejections = rejections
        self.disturbance = disturbance
    }

    /// How many times it was measured.
    public var attempts: Int { rejections.count + 1 }

    /// The p50 of `mode`, ms.
    public func p50(_ mode: String) -> Double? { samples[mode]?.median }

    /// Mode → this baseline's samples together with `other`'s.
    public func pooled(with other: FidelityBaseline) -> [String: Statistics] {
        samples.merging(other.samples) { Statistics($0.samples + $1.samples) }
    }

    /// The baseline a point between `before` and `after` is corrected by: both pooled when both
    /// are undisturbed (or both still disturbed: then `disturbed` is true), else the undisturbed
    /// one alone (a baseline still disturbed after every attempt does not spoil its neighbour).
    public static func around(_ before: FidelityBaseline, _ after: FidelityBaseline)
        -> (samples: [String: Statistics], disturbed: Bool) {
        switch (before.disturbance, after.disturbance) {
        case (nil, nil): return (before.pooled(with: after), false)
        case (nil, _): return (before.samples, false)
        case (_, nil): return (after.samples, false)
        default: return (before.pooled(with: after), true)
        }
    }

    /// Mode → counted times to first byte of `modes` in `summary` (sweep-less).
    public static func samples(_ summary: Summary, modes: [Scenario.Mode]) -> [String: Statistics] {
        var samples: [String: Statistics] = [:]
        for mode in modes { if let row = summary.row(mode: mode.rawValue) { samples[mode.rawValue] = row.latency } }
        return samples
    }

    /// Why `samples` look disturbed (the mode, alphabetically first, that breaks the rule most),
    /// or nil; `best` is mode → the lowest baseline p50 so far.
    public static func disturbance(_ samples: [String: Statistics], best: [String: Double]) -> String? {
        guard let worst = judge(samples, best: best), worst.excess > 1 else { return nil }
        return worst.reason
    }

    /// How far `samples` are from the rule: the largest of p90 / (spreadLimit × p50) and
    /// p50 / (driftLimit × lowest) over the modes (above 1: disturbed); nil without medians.
    public static func excess(_ samples: [String: Statistics], best: [String: Double]) -> Double? {
        judge(samples, best: best)?.excess
    }

    /// The worst excess of `samples` and its reason (first mode alphabetically among equals).
    private static func judge(_ samples: [String: Statistics], best: [String: Double]) -> (excess: Double, reason: String)? {
        var worst: (excess: Double, reason: String)?
        for (mode, stats) in samples.sorted(by: { $0.key < $1.key }) {
            guard let p50 = stats.percentile(50), let p90 = stats.percentile(90), p50 > 0 else { continue }
            var found = [(p90 / (spreadLimit * p50), "\(mode) p90 \(ms(p90)) > \(spreadLimit) × p50 \(ms(p50))")]
            if let lowest = best[mode], lowest > 0 {
                found.append((p50 / (driftLimit * lowest), "\(mode) p50 \(ms(p50)) > \(driftLimit) × lowest \(ms(lowest))"))
            }
            for candidate in found where worst == nil || candidate.0 > worst!.excess { worst = candidate }
        }
        return worst
    }

    private static func ms(_ value: Double) -> String { (FixedPoint.string(value, decimals: 2) ?? "?") + " ms" }
}

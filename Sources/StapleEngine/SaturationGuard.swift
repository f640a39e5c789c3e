import StapleCore
import StapleReport

/// Tells a run whose numbers measured the machine rather than the network.
///
/// The rule: a part is saturated when the 99th percentile of its event loops' timer lag
/// (``LoopLagMonitor``, during its warm-up and counted connections) exceeds
/// `max(1 ms, 10 % of the smallest modelled time to first byte among its counted connections)` —
/// the loops then add a tenth or more to the shortest latency the part measures. The 1 ms floor
/// is a shared machine's scheduling noise. What to lower: `--parallel` when parts ran at once,
/// then the workload's concurrency; with neither, the machine was busy with other work.
public enum SaturationGuard {
    /// The share of the smallest modelled latency the lag may reach.
    public static let share = 0.10
    /// The smallest threshold, ms.
    public static let floorMs = 1.0
    /// The rule in words (in `meta.json` and `--help`).
    public static let rule = "p99 event-loop lag > max(1 ms, 10 % of the smallest modelled time to first byte of the part)"

    /// The threshold for a part whose smallest modelled time to first byte is `smallestModelMs`.
    public static func thresholdMs(smallestModelMs: Double) -> Double {
        max(floorMs, share * smallestModelMs)
    }

    /// One part against the rule; nil when it has no counted connection with a model or no lag sample.
    public static func check(_ part: ModeRun) -> SaturationNote.Part? {
        guard part.loopLag.count > 0,
              let smallest = part.records.filter({ !$0.warmup }).compactMap(\.modelMs).min() else { return nil }
        let threshold = thresholdMs(smallestModelMs: smallest)
        let p99 = milliseconds(part.loopLag, quantile: 0.99)
        return SaturationNote.Part(sweepPoint: part.sweepPoint, mode: part.mode.rawValue, p99Ms: p99,
                                   maxMs: milliseconds(part.loopLag, quantile: 1), thresholdMs: threshold, saturated: p99 > threshold)
    }

    /// The whole run's note.
    public static func note(_ result: RunResult) -> SaturationNote {
        let parts = result.parts.compactMap(check)
        let saturated = parts.contains(where: \.saturated)
        return SaturationNote(rule: rule, samples: Int(result.loopLag.count), p99Ms: milliseconds(result.loopLag, quantile: 0.99),
                              maxMs: milliseconds(result.loopLag, quantile: 1), saturated: saturated, parallel: result.parallel,
                              advice: saturated ? advice(parallel: result.parallel,
                                                         concurrency: result.scenario.workload.concurrency) : nil,
                              parts: parts)
    }

    /// A quantile of a lag histogram in milliseconds (0 when empty).
    static func milliseconds(_ histogram: LatenessHistogram, quantile: Double) -> Double {
        Double(histogram.nanoseconds(atQuantile: quantile) ?? 0) / 1e6
    }

    /// Which setting to lower.
    public static func advice(parallel: Int, concurrency: Int) -> String {
        var settings: [String] = []
        if parallel > 1 { settings.append("--parallel (it was \(parallel))") }
        if concurrency > 1 { settings.append("workload.concurrency or --concurrency (it was \(concurrency))") }
        if settings.isEmpty {
            return "nothing of the run's own can be lowered (one part, one connection at a time): run it again on an idle machine"
        }
        return "lower " + settings.joined(separator: ", then ")
    }
}

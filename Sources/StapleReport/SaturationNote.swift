import Foundation

/// What the saturation guard found in a run, for `meta.json` and the report: the event loops'
/// timer lag against the latencies being measured.
///
/// When the loops run late by a stated share of the smallest modelled time to first byte, the
/// measured times include the machine's own queueing: `saturated` is true and `advice` names the
/// setting to lower.
public struct SaturationNote: Hashable, Sendable, Codable {
    /// One (sweep point, mode) part's lag against its threshold.
    public struct Part: Hashable, Sendable, Codable {
        /// The sweep point (empty without a sweep).
        public var sweepPoint: String
        /// The mode.
        public var mode: String
        /// The 99th percentile of the loops' lag during the part's workload, ms.
        public var p99Ms: Double
        /// The largest lag, ms.
        public var maxMs: Double
        /// The part's threshold (see ``SaturationNote/rule``), ms.
        public var thresholdMs: Double
        /// Whether `p99Ms` exceeded it.
        public var saturated: Bool

        /// Makes a part's line.
        public init(sweepPoint: String, mode: String, p99Ms: Double, maxMs: Double, thresholdMs: Double, saturated: Bool) {
            self.sweepPoint = sweepPoint
            self.mode = mode
            self.p99Ms = p99Ms
            self.maxMs = maxMs
            self.thresholdMs = thresholdMs
            self.saturated = saturated
        }

        enum CodingKeys: String, CodingKey {
            case sweepPoint = "sweep_point", mode, p99Ms = "p99_ms", maxMs = "max_ms", thresholdMs = "threshold_ms", saturated
        }
    }

    /// The rule, in words.
    public var rule: String
    /// Timer samples over the whole run (every loop).
    public var samples: Int
    /// The 99th percentile of the lag over the whole run, ms.
    public var p99Ms: Double
    /// The largest lag over the whole run, ms.
    public var maxMs: Double
    /// Whether any part was saturated.
    public var saturated: Bool
    /// Parts run at once (`--parallel`) when the run started.
    public var parallel: Int
    /// What to lower, when saturated.
    public var advice: String?
    /// Every part, in the run's order.
    public var parts: [Part]

    /// Makes a note.
    public init(rule: String, samples: Int, p99Ms: Double, maxMs: Double, saturated: Bool, parallel: Int,
                advice: String?, parts: [Part]) {
        self.rule = rule
        self.samples = samples
        self.p99Ms = p99Ms
        self.maxMs = maxMs
        self.saturated = saturated
        self.parallel = parallel
        self.advice = advice
        self.parts = parts
    }

    enum CodingKeys: String, CodingKey {
        case rule, samples, p99Ms = "p99_ms", maxMs = "max_ms", saturated, parallel, advice, parts
    }

    /// The saturated parts.
    public var saturatedParts: [Part] { parts.filter(\.saturated) }

    /// One sentence for people: how many parts ran late, by how much, and what to lower.
    public var warning: String? {
        guard saturated else { return nil }
        let worst = saturatedParts.max { $0.p99Ms / $0.thresholdMs < $1.p99Ms / $1.thresholdMs }
        var text = "the event loops ran late in \(saturatedParts.count) of \(parts.count) part(s)"
        if let worst {
            let name = [worst.sweepPoint, worst.mode].filter { !$0.isEmpty }.joined(separator: " ")
            text += " (worst: \(name), p99 lag \(String(format: "%.1f", worst.p99Ms)) ms against a "
                + "\(String(format: "%.1f", worst.thresholdMs)) ms threshold)"
        }
        text += ": the times measure this machine's CPU as well as the delays"
        if let advice { text += "; \(advice)" }
        return text
    }
}

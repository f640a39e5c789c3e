import StapleReport

/// `run --precision`: adds counted handshakes to a part, in rounds, until the 95 % bootstrap
/// intervals (``Bootstrap``) of its p50 and p90 time to first byte are both narrower than
/// ``widthMs``, or the part reaches ``maxHandshakes``.
///
/// The first round is the scenario's `workload.handshakes` (at most the bound); each next round
/// doubles the counted handshakes (at most the bound), so a part needs about log₂(bound ÷ first)
/// rounds and intervals at most. The check is made after every round, on every counted
/// handshake of the part so far.
public struct PrecisionGoal: Hashable, Sendable {
    /// The widest interval allowed, ms.
    public var widthMs: Double
    /// The most counted handshakes per part.
    public var maxHandshakes: Int

    /// The default `--max-handshakes`.
    public static let defaultMaxHandshakes = 2_000
    /// The range `--max-handshakes` accepts: a precision run keeps every record of a part
    /// (see ``RunMemory``), so the bound stays below the whole-part limit.
    public static let maxHandshakesRange = 2 ... 10_000
    /// The range `--precision` accepts, ms: 1 µs to 10 s.
    public static let widthRange = 0.001 ... 10_000.0

    /// A goal.
    public init(widthMs: Double, maxHandshakes: Int = defaultMaxHandshakes) {
        self.widthMs = widthMs
        self.maxHandshakes = maxHandshakes
    }

    /// The wider of the p50 and p90 intervals of `latency`, ms (nil below two samples).
    public static func widest(_ latency: Statistics) -> Double? {
        let intervals = Bootstrap.percentileIntervals(latency, [50, 90])
        guard intervals.allSatisfy({ $0 != nil }) else { return nil }
        return intervals.compactMap { $0?.width }.max()
    }

    /// The counted handshakes after the round that follows `done` (nil: the bound is reached).
    public func nextTarget(after done: Int) -> Int? {
        guard done < maxHandshakes else { return nil }
        return min(maxHandshakes, max(2 * done, done + 1))
    }

    /// Runs the rounds: `measure(target)` makes the part's counted handshakes up to `target`
    /// and returns the time to first byte of all of them so far, or nil when it was interrupted.
    /// Starts at `first` (clamped to 1…bound).
    public func run(first: Int, measure: (Int) async -> Statistics?) async -> PrecisionOutcome {
        var target = min(max(1, first), maxHandshakes)
        while true {
            guard let latency = await measure(target) else {
                return PrecisionOutcome(targetMs: widthMs, reached: false, handshakes: target, widestMs: nil)
            }
            let widest = Self.widest(latency)
            if let widest, widest < widthMs {
                return PrecisionOutcome(targetMs: widthMs, reached: true, handshakes: target, widestMs: widest)
            }
            guard let next = nextTarget(after: target) else {
                return PrecisionOutcome(targetMs: widthMs, reached: false, handshakes: target, widestMs: widest)
            }
            target = next
        }
    }
}

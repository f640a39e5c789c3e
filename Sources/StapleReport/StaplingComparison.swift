/// Classic against stapled at one sweep point: both medians with their intervals, and the
/// difference of medians (stapled − classic) with its own bootstrap interval.
///
/// The difference is called measurable only when the two medians' 95 % intervals do not
/// overlap; otherwise the verdict is "no measurable difference" and no saving is claimed.
public struct StaplingComparison: Hashable, Sendable {
    /// The sweep point (empty without a sweep).
    public var sweepPoint: String
    /// The classic median, ms.
    public var classicMs: Double
    /// The stapled median, ms.
    public var stapledMs: Double
    /// The classic median's interval.
    public var classicInterval: ConfidenceInterval?
    /// The stapled median's interval.
    public var stapledInterval: ConfidenceInterval?
    /// The interval for stapled − classic medians.
    public var differenceInterval: ConfidenceInterval?

    /// Compares the latency of two rows (`nil` when either has no median).
    public init?(classic: SummaryRow, stapled: SummaryRow) {
        guard let classicMs = classic.p50Ms, let stapledMs = stapled.p50Ms else { return nil }
        sweepPoint = stapled.sweepPoint
        self.classicMs = classicMs
        self.stapledMs = stapledMs
        classicInterval = classic.p50Interval
        stapledInterval = stapled.p50Interval
        differenceInterval = Bootstrap.differenceInterval(classic.latency, stapled.latency)
    }

    /// Stapled − classic medians, ms (negative: stapling saves).
    public var differenceMs: Double { stapledMs - classicMs }
    /// What stapling saves at p50, ms (classic − stapled; negative when it costs).
    public var savingMs: Double { classicMs - stapledMs }
    /// The interval for `savingMs`.
    public var savingInterval: ConfidenceInterval? {
        differenceInterval.map { ConfidenceInterval(lower: -$0.upper, upper: -$0.lower, level: $0.level) }
    }

    /// Whether the medians differ beyond their uncertainty: both intervals known and disjoint.
    /// Without intervals (fewer than two samples on a side) the difference is taken as measured.
    public var measurable: Bool {
        guard let classicInterval, let stapledInterval else { return true }
        return !classicInterval.overlaps(stapledInterval)
    }
}

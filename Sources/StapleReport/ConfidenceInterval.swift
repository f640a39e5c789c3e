/// A confidence interval for one statistic: `lower ≤ upper`, at `level` (0.95 for 95 %).
public struct ConfidenceInterval: Hashable, Sendable {
    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double
    /// The confidence level, in 0…1.
    public var level: Double

    /// Makes an interval; the bounds are put in order.
    public init(lower: Double, upper: Double, level: Double = Bootstrap.level) {
        self.lower = Swift.min(lower, upper)
        self.upper = Swift.max(lower, upper)
        self.level = level
    }

    /// `upper − lower`.
    public var width: Double { upper - lower }

    /// Whether `value` lies in the interval (bounds included).
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    /// Whether the two intervals share at least one point.
    public func overlaps(_ other: ConfidenceInterval) -> Bool { lower <= other.upper && other.lower <= upper }
}

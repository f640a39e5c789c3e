/// One planned connection of a workload: who visits what, in which order.
public struct Attempt: Hashable, Sendable {
    /// Sequence number within (sweep point, mode), from 0, warm-up included.
    public var seq: Int
    /// Whether it is a warm-up connection (run, recorded, not counted).
    public var warmup: Bool
    /// The client instance (`Alice`, `Bob-2`).
    public var client: String
    /// The site's hostname.
    public var site: String

    /// The attempts of a scenario's workload: warm-up then counted, round-robin over the visit
    /// cycle, each made when it is asked for (see ``AttemptPlan``).
    public static func plan(_ scenario: Scenario) -> AttemptPlan { AttemptPlan(scenario) }
}

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

    /// The attempts of a scenario's workload: warm-up then counted, round-robin over the visit cycle.
    public static func plan(_ scenario: Scenario) -> [Attempt] {
        let cycle = scenario.visitCycle()
        guard !cycle.isEmpty else { return [] }
        let total = scenario.workload.warmup + scenario.workload.handshakes
        return (0..<total).map { seq in
            let visit = cycle[seq % cycle.count]
            return Attempt(seq: seq, warmup: seq < scenario.workload.warmup, client: visit.client, site: visit.site)
        }
    }
}

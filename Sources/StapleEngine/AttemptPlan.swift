/// The attempts of one workload, made when asked for: `plan[seq]` is computed from the visit
/// cycle, so a part of ten million handshakes holds no array of them (issue 12).
///
/// Warm-up first (`0..<warmup`), then the counted ones, round-robin over the visit cycle.
public struct AttemptPlan: RandomAccessCollection, Sendable {
    /// The visit cycle the attempts go round.
    let cycle: [Scenario.Visit]
    /// Warm-up connections (the first `warmup` sequence numbers).
    public let warmup: Int
    /// Every attempt, warm-up included (0 when the cycle is empty).
    public let total: Int

    /// The plan of `scenario`'s workload, with `handshakes` counted connections (default: the workload's).
    public init(_ scenario: Scenario, handshakes: Int? = nil) {
        cycle = scenario.visitCycle()
        warmup = cycle.isEmpty ? 0 : scenario.workload.warmup
        total = cycle.isEmpty ? 0 : scenario.workload.warmup + (handshakes ?? scenario.workload.handshakes)
    }

    /// The first sequence number.
    public var startIndex: Int { 0 }
    /// One past the last sequence number.
    public var endIndex: Int { total }

    /// The attempt numbered `seq`.
    public subscript(seq: Int) -> Attempt {
        let visit = cycle[seq % cycle.count]
        return Attempt(seq: seq, warmup: seq < warmup, client: visit.client, site: visit.site)
    }

    /// The warm-up's sequence numbers.
    public var warmupRange: Range<Int> { 0..<warmup }
    /// The counted connections' sequence numbers.
    public var countedRange: Range<Int> { warmup..<total }
}

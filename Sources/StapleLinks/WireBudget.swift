import StapleCore
import Synchronization

/// How many wire events one front door may still record: the overall bound of its wire events
/// (each connection has its own, `TapSession.messageLimit`). When it runs out, one `link.fault`
/// event says so and later messages are counted, not recorded.
final class WireBudget: Sendable {
    /// Wire events a front door records at most.
    static let defaultLimit = 500_000

    /// How many it records at most.
    let limit: Int
    private let remaining: Atomic<Int>
    private let warned = Atomic<Bool>(false)

    /// A budget of `limit` events.
    init(limit: Int = WireBudget.defaultLimit) {
        self.limit = limit
        remaining = Atomic(limit)
    }

    /// Takes one event's worth; false (and, the first time, a warning in `trace`) when spent.
    func take(link: String, trace: Trace) -> Bool {
        if remaining.subtract(1, ordering: .relaxed).newValue >= 0 { return true }
        remaining.store(-1, ordering: .relaxed)
        if !warned.exchange(true, ordering: .relaxed) {
            trace.record(.link(link), .linkFault, detail: "wire events beyond \(limit) not recorded")
        }
        return false
    }
}

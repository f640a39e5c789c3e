import Synchronization
import StapleCore
import StaplePKI

/// A client's copy of the pushed revocation set: the newest it downloaded and verified, kept
/// (and used) past its nextUpdate until a newer one arrives, as a browser keeps its CRLSet.
final class ClientPushedSet: Sendable {
    private struct State {
        var set: RevocationList?
        var refreshing = false
    }
    private let state = Mutex(State())

    /// The copy held, if any.
    var current: RevocationList? { state.withLock { $0.set } }

    /// Claims the one background refresh when the copy is stale at `now`; false when it is
    /// fresh, missing (the first download is not a background one) or already being refreshed.
    func claimRefresh(now: Double) -> Bool {
        state.withLock { state in
            guard let set = state.set, !state.refreshing, !RevocationListRule.isCurrent(nextUpdate: set.nextUpdate ?? 0, now: now) else { return false }
            state.refreshing = true
            return true
        }
    }

    /// Keeps a verified set (an older one than the copy held is ignored) and ends any refresh.
    func store(_ set: RevocationList?) {
        state.withLock { state in
            state.refreshing = false
            guard let set else { return }
            if let held = state.set, held.thisUpdate > set.thisUpdate { return }
            state.set = set
        }
    }
}

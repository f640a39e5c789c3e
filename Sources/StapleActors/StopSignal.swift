import Synchronization

/// What an actor's `run()` waits on between its start and its stop: it suspends until
/// ``fire()`` (the actor's `stop()`) or until the waiting task is cancelled, without polling.
///
/// Fired once, it stays fired: a `run()` that begins after the stop returns at once. ``rearm()``
/// (a new start) makes it wait again.
final class StopSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Suspends until fired or until the current task is cancelled.
    func wait() async {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // A cancellation that came before the continuation was kept finds nothing to
                // resume; the check here, under the same lock, catches it.
                let now = state.withLock { state -> Bool in
                    if state.fired || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Wakes every waiter, and every later one until ``rearm()``.
    func fire() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.fired = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Makes later waits wait again (a new start after a stop).
    func rearm() {
        state.withLock { $0.fired = false }
    }

    /// How many wait now (for tests).
    var waiting: Int { state.withLock { $0.waiters.count } }
}

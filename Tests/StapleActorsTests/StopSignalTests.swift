import Testing
@testable import StapleActors

/// What an actor's `run()` waits on: a stop or a cancellation ends the wait, with no polling
/// period in between (asserted by order: the wait is under way, then it ends because of the fire).
@Suite struct StopSignalTests {
    /// Waits until `signal` has `count` waiters (yielding; the waiters register at once).
    static func waiters(_ signal: StopSignal, _ count: Int) async {
        while signal.waiting < count { await Task.yield() }
    }

    @Test func aFireWakesEveryWaiterAndLaterWaitsReturnAtOnce() async {
        let signal = StopSignal()
        let first = Task { await signal.wait() }
        let second = Task { await signal.wait() }
        await Self.waiters(signal, 2)
        signal.fire()
        await first.value
        await second.value
        #expect(signal.waiting == 0)
        await signal.wait() // fired: returns at once
    }

    @Test func aCancelledWaiterEndsAloneAndTheOthersKeepWaiting() async {
        let signal = StopSignal()
        let cancelled = Task { await signal.wait() }
        let kept = Task { await signal.wait() }
        await Self.waiters(signal, 2)
        cancelled.cancel()
        await cancelled.value
        #expect(signal.waiting == 1)
        signal.fire()
        await kept.value
    }

    @Test func aTaskCancelledBeforeItWaitsDoesNotWait() async {
        let signal = StopSignal()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await signal.wait()
        }
        await task.value
        #expect(signal.waiting == 0)
    }

    @Test func rearmedItWaitsForTheNextFire() async {
        let signal = StopSignal()
        signal.fire()
        signal.rearm()
        let waiter = Task { await signal.wait() }
        await Self.waiters(signal, 1)
        #expect(signal.waiting == 1)
        signal.fire()
        await waiter.value
    }
}

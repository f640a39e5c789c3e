import NIOCore
import StapleCore

/// A timer set on a policy time (scenario seconds): a real NIO timer on a running clock, a
/// ``PolicyAlarm`` on a manual one, so that a test's `advance` fires it and real time never does.
struct PolicyTimer: Sendable {
    private let cancelBody: @Sendable () -> Void

    /// Runs `body` on `loop` when `clock` reads `time` (Unix seconds; at once if it is past).
    init(at time: Double, clock: PolicyClock, on loop: any EventLoop, _ body: @escaping @Sendable () -> Void) {
        if let alarm = clock.whenReached(time, { loop.execute(body) }) {
            cancelBody = { alarm.cancel() }
        } else {
            let task = loop.scheduleTask(in: Delay(seconds: clock.realSeconds(for: time - clock.now())).timeAmount, body)
            cancelBody = { task.cancel() }
        }
    }

    /// Stops it (no-op if it already ran).
    func cancel() { cancelBody() }
}

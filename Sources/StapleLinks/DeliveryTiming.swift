#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import StapleCore
import Synchronization

/// How one link times its delayed deliveries, shared by all its connections (or sessions):
/// the lateness of every delayed chunk against its deadline, and the early start that brings
/// it down.
///
/// An event loop's timer fires some tens to hundreds of microseconds after the time asked for
/// (the wake-up of a sleeping thread on a busy machine), and every delayed hop of a handshake
/// would add that. So each timer is set `compensation` before the deadline, where
/// `compensation` follows the wake-ups this link observed (an exponentially weighted mean,
/// capped at ``maxCompensation``); a timer that fires before the deadline hands the rest of the
/// wait back to the loop (an immediate re-schedule: other connections' work runs in between)
/// until the deadline is within ``slack``. Deliveries therefore land within a few microseconds
/// of their deadline instead of one wake-up late, at the price of a short cooperative wait.
final class DeliveryTiming: Sendable {
    /// Deadlines this close to now are due. Small, since a timer that fires early re-schedules
    /// instead of delivering early (with 20 µs, deliveries went out 8–19 µs early at p50).
    static let slack: UInt64 = 2_000
    /// The most a timer is set early, nanoseconds (a wake-up later than this is a busy machine,
    /// not something to wait out).
    static let maxCompensation: Int64 = 500_000

    private let histogram = Mutex(LatenessHistogram())
    private let wake = Atomic<Int64>(0)
    /// Whether timers start early (off: plain timers at the deadline, as before).
    let compensates: Bool

    /// The monotonic clock deadlines are on, nanoseconds (``Instant/now()``; a test's own clock).
    let clock: @Sendable () -> UInt64

    /// A fresh timing; `compensates` false keeps plain timers (for comparison). By default it
    /// compensates unless the environment says `STAPLEBENCH_HOP_COMPENSATION=0` (so that
    /// `bench fidelity` can be run both ways with one binary).
    init(compensates: Bool = DeliveryTiming.compensatesByDefault,
         clock: @escaping @Sendable () -> UInt64 = { Instant.now().nanoseconds }) {
        self.compensates = compensates
        self.clock = clock
    }

    /// A timer on `loop` (the caller's own) for `deadline`, set early by the compensation
    /// (``fireTime(for:now:)``): when it fires it learns the loop's wake-up latency, then runs
    /// `body`, which re-checks its deadline (a timer may fire before it).
    func timer(for deadline: UInt64, on loop: any EventLoop, _ body: @escaping () -> Void) -> Scheduled<Void> {
        let now = clock()
        let fireAt = fireTime(for: deadline, now: now)
        let delta = Int64(bitPattern: fireAt &- now)
        return loop.assumeIsolated().scheduleTask(in: .nanoseconds(max(0, delta))) { [self] in
            if delta > 0 { observeWake(scheduled: fireAt, fired: clock()) }
            body()
        }
    }

    /// Runs `body` on `loop` (the caller's own) at `deadline`: at once when it is due (within
    /// ``slack``), else on ``timer(for:on:_:)``s, re-checked each time one fires; a run that
    /// waited records its lateness.
    func run(at deadline: UInt64, on loop: any EventLoop, _ body: @escaping () -> Void) {
        run(at: deadline, on: loop, waited: false, body)
    }

    private func run(at deadline: UInt64, on loop: any EventLoop, waited: Bool, _ body: @escaping () -> Void) {
        let now = clock()
        if deadline <= now &+ DeliveryTiming.slack {
            if waited { recordDelivery(deadline: deadline, now: now) }
            body()
            return
        }
        _ = timer(for: deadline, on: loop) { [self] in run(at: deadline, on: loop, waited: true, body) }
    }

    /// Whether links compensate, read once from `STAPLEBENCH_HOP_COMPENSATION` (`0` turns it off).
    static let compensatesByDefault: Bool = {
        guard let value = getenv("STAPLEBENCH_HOP_COMPENSATION") else { return true }
        return String(cString: value) != "0"
    }()

    /// The longest a delivery waits cooperatively (immediate re-schedules, other work in between)
    /// instead of on a timer: what it can cost the loop's CPU per delivery.
    static let maxCooperativeWait: UInt64 = 50_000

    /// When to fire a timer for `deadline`, seen at `now`: `compensation` early, but never so
    /// early that more than ``maxCooperativeWait`` is left to wait cooperatively after it fires
    /// (on a loaded machine the wake-up latency, and so the compensation, grows; spinning it out
    /// would take CPU from the handshakes being measured). Within that wait of the deadline: now.
    func fireTime(for deadline: UInt64, now: UInt64) -> UInt64 {
        guard deadline > now &+ DeliveryTiming.maxCooperativeWait else { return now }
        let early = min(UInt64(compensation), deadline &- now &- DeliveryTiming.maxCooperativeWait)
        return deadline &- early
    }

    /// How early to set a timer now, nanoseconds.
    var compensation: Int64 { compensates ? min(wake.load(ordering: .relaxed), DeliveryTiming.maxCompensation) : 0 }

    /// A timer asked for `scheduled` fired at `fired`: learn the loop's wake-up latency.
    func observeWake(scheduled: UInt64, fired: UInt64) {
        let late = Int64(bitPattern: fired &- scheduled)
        guard late >= 0 else { return }
        let old = wake.load(ordering: .relaxed)
        // Mean over about the last 16 wake-ups; a race between two loops only loses one sample.
        wake.store(old + (min(late, DeliveryTiming.maxCompensation * 4) - old) / 16, ordering: .relaxed)
    }

    /// A delayed chunk with `deadline` went out at `now`.
    func recordDelivery(deadline: UInt64, now: UInt64) {
        let lateness = Int64(bitPattern: now &- deadline)
        histogram.withLock { $0.record(lateness) }
    }

    /// Every delivery's lateness so far.
    var lateness: LatenessHistogram { histogram.withLock { $0 } }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The scenario-scaled clock on which policy times run (staple validity, refresh
/// intervals, retry windows, outage windows).
///
/// Network delays are measured on the real monotonic clock; policy times are not:
/// with `scale = 3600`, one real second is one scenario hour, so a two-hour responder
/// outage plays out in two seconds while a 50 ms link delay stays 50 ms.
///
/// A clock made with ``manual(epoch:)`` does not move by itself: tests move it with
/// ``advance(by:)`` / ``advance(toElapsed:)``, so every policy decision (is the staple still
/// valid, is the retry window over, is the responder in an outage) is taken at the scenario
/// time the test set, however slow the machine is. Timers set on policy times (a proactive
/// refresh, a responder's refuse window) wait for the test's advance too: see ``whenReached(_:_:)``.
///
/// The clock's "now" is a Unix time (seconds), so OCSP `thisUpdate`/`nextUpdate` made
/// and checked against it are ordinary dates in the DER.
public struct PolicyClock: Sendable {
    /// The scenario seconds a manual clock has been advanced by and the alarms waiting on it
    /// (shared by its copies): one lock, so an alarm is either due at an advance or set after it.
    private final class ManualOffset: Sendable {
        struct State {
            var seconds: Double = 0
            var nextAlarm = 0
            var alarms: [Int: (time: Double, body: @Sendable () -> Void)] = [:]
        }
        let state = Mutex(State())
    }

    /// Unix time (seconds) at `origin`.
    public let epoch: Double
    /// The monotonic instant at which the scenario started.
    public let origin: Instant
    /// Scenario seconds per real second (1 = real time; 1 for a manual clock, see ``realSeconds(for:)``).
    public let scale: Double
    /// Set for a manual clock.
    private let manual: ManualOffset?

    /// A clock that starts now, at the current wall time, running `scale` times faster than real time.
    public init(scale: Double = 1) {
        self.init(epoch: PolicyClock.wallTime(), origin: .now(), scale: scale)
    }

    /// A clock with an explicit origin, for tests and replays.
    public init(epoch: Double, origin: Instant, scale: Double) {
        precondition(scale > 0, "a policy clock's scale must be positive")
        self.epoch = epoch
        self.origin = origin
        self.scale = scale
        self.manual = nil
    }

    private init(manualEpoch: Double) {
        self.epoch = manualEpoch
        self.origin = .now()
        self.scale = 1
        self.manual = ManualOffset()
    }

    /// A clock standing still at `epoch` (Unix seconds; default: the wall time now) until
    /// ``advance(by:)`` moves it. Copies share the reading: advancing one advances all.
    public static func manual(epoch: Double = PolicyClock.wallTime()) -> PolicyClock {
        PolicyClock(manualEpoch: epoch)
    }

    /// Whether this clock moves only when advanced.
    public var isManual: Bool { manual != nil }

    /// Moves a manual clock forward by `seconds` scenario seconds (a precondition: manual, and `seconds ≥ 0`).
    public func advance(by seconds: Double) {
        guard let manual else { preconditionFailure("only a manual policy clock can be advanced") }
        precondition(seconds >= 0 && seconds.isFinite, "a policy clock only moves forward (got \(seconds) s)")
        let now = epoch
        let due = manual.state.withLock { state -> [(time: Double, body: @Sendable () -> Void)] in
            state.seconds += seconds
            let reached = now + state.seconds
            let ids = state.alarms.filter { $0.value.time <= reached }.map(\.key)
            return ids.compactMap { state.alarms.removeValue(forKey: $0) }.sorted { $0.time < $1.time }
        }
        // Outside the lock, earliest first: an alarm may read the clock or set another.
        for alarm in due { alarm.body() }
    }

    /// On a manual clock, runs `body` once the clock is advanced to `time` (Unix seconds), from
    /// inside that ``advance(by:)`` call, or at once if it is there already; returns a handle that
    /// cancels it. On a real clock it does nothing and returns `nil`: callers schedule a real
    /// timer for the time left, ``realSeconds(for:)`` of `time − now()` (as `PolicyTimer` does).
    /// An alarm set (from anywhere, an alarm included) for a time already reached runs at once.
    /// `body` should be short (hand work to an event loop).
    public func whenReached(_ time: Double, _ body: @escaping @Sendable () -> Void) -> PolicyAlarm? {
        guard let manual else { return nil }
        let now = epoch
        let id = manual.state.withLock { state -> Int? in
            guard time > now + state.seconds else { return nil }
            defer { state.nextAlarm += 1 }
            state.alarms[state.nextAlarm] = (time, body)
            return state.nextAlarm
        }
        guard let id else {
            body()
            return PolicyAlarm(cancel: {})
        }
        return PolicyAlarm(cancel: { _ = manual.state.withLock { $0.alarms.removeValue(forKey: id) } })
    }

    /// Alarms set with ``whenReached(_:_:)`` on a manual clock that have neither run nor been cancelled.
    public var pendingAlarms: Int { manual?.state.withLock { $0.alarms.count } ?? 0 }

    /// Moves a manual clock forward to `elapsed` scenario seconds since its epoch (no-op if it is already there or past).
    public func advance(toElapsed elapsed: Double) {
        advance(by: max(0, elapsed - self.elapsed()))
    }

    /// Scenario time (Unix seconds) at the monotonic instant `instant`.
    ///
    /// A manual clock cannot tell the scenario time of a real instant: it answers its current reading.
    public func time(at instant: Instant) -> Double {
        if let manual { return epoch + manual.state.withLock { $0.seconds } }
        return epoch + instant.milliseconds(since: origin) / 1000 * scale
    }

    /// Scenario time now (Unix seconds).
    public func now() -> Double { time(at: .now()) }

    /// Scenario seconds elapsed since the clock started.
    public func elapsed() -> Double { now() - epoch }

    /// The real (monotonic) seconds that `scenarioSeconds` of scenario time take.
    ///
    /// For a manual clock, as if it ran at real time from now on (timers set from scenario
    /// times then fire no earlier than a real-time run would; tests advance the clock instead).
    public func realSeconds(for scenarioSeconds: Double) -> Double { scenarioSeconds / scale }

    /// The monotonic instant at which the scenario clock reads `time` (Unix seconds).
    ///
    /// For a manual clock, as if it ran at real time from its current reading on: a time
    /// already reached maps into the past, a later one that many real seconds ahead.
    public func instant(at time: Double) -> Instant {
        if manual != nil { return Instant.now().adding(seconds: time - now()) }
        return origin.adding(seconds: (time - epoch) / scale)
    }

    /// The current wall time (Unix seconds).
    public static func wallTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

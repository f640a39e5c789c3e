#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scenario-scaled clock on which policy times run (staple validity, refresh
/// intervals, retry windows, outage windows).
///
/// Network delays are measured on the real monotonic clock; policy times are not:
/// with `scale = 3600`, one real second is one scenario hour, so a two-hour responder
/// outage plays out in two seconds while a 50 ms link delay stays 50 ms.
///
/// The clock's "now" is a Unix time (seconds), so OCSP `thisUpdate`/`nextUpdate` made
/// and checked against it are ordinary dates in the DER.
public struct PolicyClock: Sendable {
    /// Unix time (seconds) at `origin`.
    public let epoch: Double
    /// The monotonic instant at which the scenario started.
    public let origin: Instant
    /// Scenario seconds per real second (1 = real time).
    public let scale: Double

    /// A clock that starts now, at the current wall time, running `scale` times faster than real time.
    public init(scale: Double = 1) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        self.init(epoch: Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9, origin: .now(), scale: scale)
    }

    /// A clock with an explicit origin, for tests and replays.
    public init(epoch: Double, origin: Instant, scale: Double) {
        precondition(scale > 0, "a policy clock's scale must be positive")
        self.epoch = epoch
        self.origin = origin
        self.scale = scale
    }

    /// Scenario time (Unix seconds) at the monotonic instant `instant`.
    public func time(at instant: Instant) -> Double {
        epoch + instant.milliseconds(since: origin) / 1000 * scale
    }

    /// Scenario time now (Unix seconds).
    public func now() -> Double { time(at: .now()) }

    /// Scenario seconds elapsed since the clock started.
    public func elapsed() -> Double { now() - epoch }

    /// The real (monotonic) seconds that `scenarioSeconds` of scenario time take.
    public func realSeconds(for scenarioSeconds: Double) -> Double { scenarioSeconds / scale }

    /// The monotonic instant at which the scenario clock reads `time` (Unix seconds).
    public func instant(at time: Double) -> Instant {
        origin.adding(seconds: (time - epoch) / scale)
    }
}

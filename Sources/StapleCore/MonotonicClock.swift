#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the one monotonic clock every latency is measured with, in nanoseconds.
///
/// All actors, links and TLS handlers of a run stamp their events with this clock, so
/// differences between events of different parties are meaningful.
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Nanoseconds since an arbitrary origin (boot, on Linux).
    public var nanoseconds: UInt64

    /// Wraps a raw reading.
    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// The current time on the monotonic clock.
    @inline(__always)
    public static func now() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Instant(nanoseconds: UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec))
    }

    /// Orders two instants.
    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Milliseconds from `earlier` to `self` (negative when `earlier` is later).
    public func milliseconds(since earlier: Instant) -> Double {
        (Double(nanoseconds) - Double(earlier.nanoseconds)) / 1_000_000
    }

    /// This instant moved by `seconds` (may be negative; clamps at zero, and saturates at
    /// ``distantFuture`` for an infinite or too large `seconds`: an open outage window ends never).
    public func adding(seconds: Double) -> Instant {
        let delta = seconds * 1_000_000_000
        let value = Double(nanoseconds) + delta
        if value.isNaN || value >= Double(UInt64.max) { return .distantFuture }
        return Instant(nanoseconds: value <= 0 ? 0 : UInt64(value))
    }

    /// An instant no clock reaches: the end of a window that never closes.
    public static let distantFuture = Instant(nanoseconds: .max)

    /// `123.456789s` since the clock's origin.
    public var description: String { "\(Double(nanoseconds) / 1e9)s" }
}

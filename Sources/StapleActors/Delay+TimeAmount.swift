import NIOCore
import StapleCore

extension Delay {
    /// The delay as a NIO time amount, clamped to 0 ... 100 years (an infinite or huge delay
    /// would overflow the nanosecond count).
    var timeAmount: TimeAmount {
        let limit = 100 * 365.25 * 86_400.0
        guard seconds.isFinite else { return seconds > 0 ? .seconds(Int64(limit)) : .zero }
        return .nanoseconds(Int64((min(max(seconds, 0), limit) * 1e9).rounded()))
    }
}

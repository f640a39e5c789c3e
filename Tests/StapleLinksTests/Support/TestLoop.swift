import NIOCore
import NIOPosix
import StapleCore

/// Shared helpers for the link tests: the event loops, waiting with a deadline, medians.
enum TestLoop {
    /// The event loops every test uses.
    static var group: EventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    /// Waits (polling every millisecond) until `condition` holds or `timeout` seconds pass;
    /// returns whether it held. Timestamps are taken by handlers on the event loop, so the
    /// polling does not blur what the tests measure.
    @discardableResult
    static func until(timeout: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = Instant.now().adding(seconds: timeout)
        while Instant.now() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return condition()
    }

    /// Sleeps `seconds`.
    static func sleep(_ seconds: Double) async {
        try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
    }

    /// The median of `values` (the mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// A policy clock at real speed starting now.
    static func clock(scale: Double = 1) -> PolicyClock { PolicyClock(scale: scale) }
}

/// A failure of the test harness itself (a timeout waiting for a fixture).
struct HarnessError: Error, CustomStringConvertible {
    /// What did not happen.
    let description: String
}

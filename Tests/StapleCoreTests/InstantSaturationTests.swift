import Testing
@testable import StapleCore

/// Instants far in the future (the end of a window that never closes) saturate instead of trapping.
struct InstantSaturationTests {
    @Test(arguments: [Double.infinity, 1e30, Double(UInt64.max), .nan])
    func anUnreachableTimeIsTheDistantFuture(seconds: Double) {
        #expect(Instant(nanoseconds: 5).adding(seconds: seconds) == .distantFuture)
    }

    @Test func ordinaryTimesAreExactAndClampAtZero() {
        #expect(Instant(nanoseconds: 1_000).adding(seconds: 2).nanoseconds == 2_000_001_000)
        #expect(Instant(nanoseconds: 1_000).adding(seconds: -1).nanoseconds == 0)
        #expect(Instant(nanoseconds: 1_000) < .distantFuture)
    }

    @Test func anOpenWindowOnAScaledClockEndsNever() {
        let clock = PolicyClock(scale: 120)
        #expect(clock.instant(at: clock.epoch + .infinity) == .distantFuture)
    }
}

import Testing
@testable import StapleLinks

/// The early start of delivery timers, fed wake-ups by hand (no timers, no clock).
@Suite struct DeliveryTimingTests {
    @Test func compensationFollowsTheObservedWakeUps() {
        let timing = DeliveryTiming()
        #expect(timing.compensation == 0)
        for _ in 0..<200 { timing.observeWake(scheduled: 1_000_000, fired: 1_000_000 + 160_000) }
        // An exponentially weighted mean over ~16 wake-ups converges on 160 µs (integer steps stop short by < 16 ns).
        #expect(abs(timing.compensation - 160_000) < 16)
    }

    @Test func compensationIsCappedAndEarlyFiresAreIgnored() {
        let timing = DeliveryTiming()
        for _ in 0..<500 { timing.observeWake(scheduled: 0, fired: 50_000_000) }
        #expect(timing.compensation == DeliveryTiming.maxCompensation)
        let quiet = DeliveryTiming()
        quiet.observeWake(scheduled: 2_000, fired: 1_000)   // fired before it was asked for: not a wake-up
        #expect(quiet.compensation == 0)
    }

    @Test func withoutCompensationTimersAreSetAtTheDeadline() {
        let timing = DeliveryTiming(compensates: false)
        for _ in 0..<100 { timing.observeWake(scheduled: 0, fired: 300_000) }
        #expect(timing.compensation == 0)
    }

    /// Timers start early by the compensation, but never leave more than 50 µs to wait out.
    @Test func fireTimesBoundTheCooperativeWait() {
        let timing = DeliveryTiming()
        for _ in 0..<200 { timing.observeWake(scheduled: 0, fired: 300_000) }   // compensation ≈ 300 µs
        let now: UInt64 = 10_000_000
        #expect(timing.fireTime(for: now + 5_000_000, now: now) == now + 5_000_000 - UInt64(timing.compensation))
        #expect(timing.fireTime(for: now + 200_000, now: now) == now + 50_000)   // 200 µs left: fire with 50 µs to go
        #expect(timing.fireTime(for: now + 40_000, now: now) == now)             // within the wait: now
        #expect(DeliveryTiming(compensates: false).fireTime(for: now + 5_000_000, now: now) == now + 5_000_000)
    }

    @Test func deliveriesRecordSignedLateness() {
        let timing = DeliveryTiming()
        timing.recordDelivery(deadline: 1_000_000, now: 1_000_300)
        timing.recordDelivery(deadline: 1_000_000, now: 990_000)
        timing.recordDelivery(deadline: 1_000_000, now: 1_002_000)
        let lateness = timing.lateness
        #expect(lateness.count == 3)
        #expect(lateness.minNanoseconds == -10_000)
        #expect(lateness.maxNanoseconds == 2_000)
        #expect(lateness.nanoseconds(atQuantile: 0.5) == 0)   // 300 ns: the bucket [0, 1 µs)
    }
}

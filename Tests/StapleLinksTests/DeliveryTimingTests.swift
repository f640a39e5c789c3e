import NIOCore
import NIOEmbedded
import Synchronization
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

/// Delayed deliveries run through ``DeliveryTiming/run(at:on:_:)`` on an `EmbeddedEventLoop`
/// whose timers wake up a set latency late (a test clock: the loop's own time, plus the wake-up
/// each time the loop's time moves on, plus 100 ns per reading so that a cooperative wait makes
/// progress). No real time passes.
@Suite struct DeliveryTimingLoopTests {
    /// The loop's time + `wake` for every time it moved on + 100 ns per reading.
    final class WakeClock: Sendable {
        let loop: EmbeddedEventLoop
        private let state = Mutex((reads: UInt64(0), wake: UInt64(0), offset: UInt64(0), lastBase: UInt64(0)))
        init(loop: EmbeddedEventLoop) { self.loop = loop }
        /// Sets how late a wake-up is.
        func setWake(_ nanoseconds: UInt64) { state.withLock { $0.wake = nanoseconds } }
        /// A reading (costs 100 ns); the first in a later loop time is a wake-up, `wake` late.
        func now() -> UInt64 {
            let base = loop.now.uptimeNanoseconds
            return state.withLock { state in
                if base > state.lastBase {
                    state.offset += state.wake
                    state.lastBase = base
                }
                state.reads += 1
                return base + state.offset + state.reads * 100
            }
        }
        /// The time without reading the clock (for the test's own accounting).
        func peek() -> UInt64 { state.withLock { loop.now.uptimeNanoseconds + $0.offset + $0.reads * 100 } }
    }

    /// Schedules one delivery `delay` after now and runs the loop past it; its lateness by the test's own account.
    static func deliver(_ timing: DeliveryTiming, _ clock: WakeClock, delay: UInt64 = 1_000_000) -> Int64 {
        let deadline = clock.now() + delay
        let delivered = Mutex<UInt64?>(nil)
        timing.run(at: deadline, on: clock.loop) { delivered.withLock { $0 = clock.peek() } }
        clock.loop.advanceTime(by: .nanoseconds(Int64(delay) + 1_000_000))
        guard let at = delivered.withLock({ $0 }) else { return .min }
        return Int64(bitPattern: at &- deadline)
    }

    @Test func aLateWakeUpIsRecordedThenCompensated() {
        let loop = EmbeddedEventLoop()
        let clock = WakeClock(loop: loop)
        clock.setWake(150_000)
        let timing = DeliveryTiming(compensates: true, clock: { clock.now() })
        // The first delivery: no compensation yet, the timer fires 150 µs late, and that is recorded.
        let first = Self.deliver(timing, clock)
        #expect(first >= 150_000 && first < 151_000, "\(first)")
        #expect(timing.lateness.count == 1)
        // What the timing recorded is what the test measured (its clock's readings cost 100 ns each).
        #expect(timing.lateness.nanoseconds(atQuantile: 0.5) == first && timing.lateness.maxNanoseconds == first)
        // The wake-up learnt: 1/16 of it (integer steps).
        #expect(timing.compensation > 9_300 && timing.compensation < 9_500, "\(timing.compensation)")
        // After 80 deliveries the timers start early by the wake-up, and the last 16 land within
        // the slack of their deadline (a cooperative wait finishes an early start).
        var lateness: [Int64] = []
        for _ in 0..<80 { lateness.append(Self.deliver(timing, clock)) }
        #expect(timing.lateness.count == 81)
        #expect(lateness.allSatisfy { $0 != .min })
        #expect(abs(timing.compensation - 150_000) < 5_000, "\(timing.compensation)")
        for late in lateness.suffix(16) {
            #expect(late >= -Int64(DeliveryTiming.slack) && late < 5_000, "\(late)")
        }
        // Late at first, never later than the first one afterwards.
        #expect(lateness.max()! <= first)
    }

    @Test func withoutCompensationEveryDeliveryIsOneWakeUpLate() {
        let loop = EmbeddedEventLoop()
        let clock = WakeClock(loop: loop)
        clock.setWake(80_000)
        let timing = DeliveryTiming(compensates: false, clock: { clock.now() })
        let lateness = (0..<20).map { _ in Self.deliver(timing, clock) }
        for late in lateness { #expect(late >= 80_000 && late < 81_000, "\(late)") }
        #expect(timing.lateness.count == 20)
        #expect(Set(lateness).count == 1)
        #expect(timing.lateness.nanoseconds(atQuantile: 0.99) == lateness[0])
    }

    @Test func aDueDeliveryRunsAtOnceAndIsNotCountedAsDelayed() {
        let loop = EmbeddedEventLoop()
        let clock = WakeClock(loop: loop)
        let timing = DeliveryTiming(clock: { clock.now() })
        let ran = Mutex(0)
        timing.run(at: clock.now() + 1_000, on: loop) { ran.withLock { $0 += 1 } }   // within the 2 µs slack
        #expect(ran.withLock { $0 } == 1)   // before the loop ran at all
        timing.run(at: clock.now() + 500_000, on: loop) { ran.withLock { $0 += 1 } }
        #expect(ran.withLock { $0 } == 1)
        loop.advanceTime(by: .microseconds(499))
        #expect(ran.withLock { $0 } == 1)
        loop.advanceTime(by: .microseconds(2))
        #expect(ran.withLock { $0 } == 2)
        #expect(timing.lateness.count == 1)   // only the delivery that waited
    }
}

import Synchronization
import Testing
@testable import StapleCore

@Suite struct PolicyClockTests {
    @Test func scalesScenarioTimeButNotTheOrigin() {
        let origin = Instant(nanoseconds: 1_000_000_000)
        let clock = PolicyClock(epoch: 1_700_000_000, origin: origin, scale: 3600)
        // Two real seconds later, two scenario hours have passed.
        let later = Instant(nanoseconds: 3_000_000_000)
        #expect(clock.time(at: later) == 1_700_000_000 + 7200)
        #expect(clock.realSeconds(for: 7200) == 2)
        #expect(clock.instant(at: 1_700_000_000 + 3600) == Instant(nanoseconds: 2_000_000_000))
    }

    @Test func aManualClockStandsStillUntilAdvancedAndItsCopiesShareTheReading() async throws {
        let clock = PolicyClock.manual(epoch: 1_700_000_000)
        let copy = clock
        #expect(clock.isManual && !PolicyClock().isManual)
        #expect(clock.now() == 1_700_000_000)
        try await Task.sleep(nanoseconds: 20_000_000)
        #expect(clock.elapsed() == 0, "real time does not move it")
        clock.advance(by: 3600)
        #expect(copy.now() == 1_700_003_600, "a copy (as every actor holds) sees the advance")
        #expect(copy.time(at: Instant(nanoseconds: 1)) == 1_700_003_600, "any instant reads the current time")
        copy.advance(toElapsed: 4000)
        #expect(clock.elapsed() == 4000)
        copy.advance(toElapsed: 100)
        #expect(clock.elapsed() == 4000, "never backwards")
    }

    @Test func aManualClockMapsTimesToInstantsAsIfRunningInRealTimeFromNow() {
        let clock = PolicyClock.manual(epoch: 1_000)
        clock.advance(by: 10)
        let before = Instant.now()
        let ahead = clock.instant(at: 1_012)   // 2 scenario seconds ahead
        let after = Instant.now()
        #expect(ahead >= before.adding(seconds: 2) && ahead <= after.adding(seconds: 2))
        #expect(clock.instant(at: 1_005) < before, "a time already reached lies in the past")
        #expect(clock.realSeconds(for: 30) == 30)
    }

    @Test func aManualClocksAlarmsRunAtTheAdvanceThatReachesThemEarliestFirst() {
        let clock = PolicyClock.manual(epoch: 1_000)
        let fired = Mutex<[String]>([])
        let late = clock.whenReached(1_020) { fired.withLock { $0.append("20 at \(clock.elapsed())") } }
        _ = clock.whenReached(1_010) { fired.withLock { $0.append("10 at \(clock.elapsed())") } }
        let cancelled = clock.whenReached(1_015) { fired.withLock { $0.append("15") } }
        #expect(late != nil && clock.pendingAlarms == 3)
        #expect(PolicyClock().whenReached(0) { fired.withLock { $0.append("real") } } == nil, "a real clock sets no alarm")
        cancelled?.cancel()
        clock.advance(by: 9.999)
        #expect(fired.withLock { $0 }.isEmpty, "not before its time")
        clock.advance(toElapsed: 30)
        #expect(fired.withLock { $0 } == ["10 at 30.0", "20 at 30.0"], "one advance past both: earliest first, none cancelled")
        #expect(clock.pendingAlarms == 0)
        _ = clock.whenReached(1_005) { fired.withLock { $0.append("past") } }
        #expect(fired.withLock { $0.last } == "past", "a time already reached runs at once")
    }

    @Test func traceKeepsEventsInOrderAndCanBeDisabled() {
        let trace = Trace()
        let id = ConnectionID.next()
        trace.record(.client("Alice"), .clientHelloSent, connection: id, at: Instant(nanoseconds: 20))
        trace.record(.server("example.com"), .clientHelloReceived, connection: id, at: Instant(nanoseconds: 10))
        trace.record(.server("example.com"), .tcpAccepted, connection: .next())
        #expect(trace.events.count == 3)
        #expect(trace.events(of: id).map(\.kind) == [.clientHelloReceived, .clientHelloSent])
        let off = Trace(enabled: false)
        off.record(.client("Alice"), .clientHelloSent)
        #expect(off.events.isEmpty)
    }

    @Test func connectionIDsAreUnique() {
        let a = ConnectionID.next(), b = ConnectionID.next()
        #expect(a != b && a != .none && b != .none)
    }
}

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

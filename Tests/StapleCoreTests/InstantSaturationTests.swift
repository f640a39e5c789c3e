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

/// A duration in exponent notation is refused for what it is, not as an unknown unit.
struct DelayExponentTests {
    @Test(arguments: ["1e30s", "2E3ms", "1e-3s", "5e+2h"])
    func exponentNotationIsNamed(text: String) {
        #expect(throws: Delay.ParseError.exponent(text)) { try Delay(parsing: text) }
        #expect(Delay.ParseError.exponent(text).description
                == "'\(text)' is in exponent notation; write the number out with a unit, e.g. 1000s or 2h")
    }

    @Test func unknownUnitsStayUnknownUnits() {
        #expect(throws: Delay.ParseError.unknownUnit("5es", unit: "es")) { try Delay(parsing: "5es") }
    }
}

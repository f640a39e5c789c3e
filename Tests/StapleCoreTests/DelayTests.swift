import Testing
@testable import StapleCore

@Suite struct DelayTests {
    @Test(arguments: [
        ("50ms", 0.05), ("2s", 2.0), ("1.5s", 1.5), ("250us", 0.00025), ("5m", 300.0),
        ("2h", 7200.0), ("7d", 604_800.0), ("0", 0.0), (" 10ms ", 0.01), ("0ms", 0.0),
    ])
    func parsesUnits(text: String, seconds: Double) throws {
        let delay = try Delay(parsing: text)
        #expect(abs(delay.seconds - seconds) < 1e-12)
    }

    @Test func rejectsWithTheReason() {
        #expect(throws: Delay.ParseError.missingUnit("50")) { try Delay(parsing: "50") }
        #expect(throws: Delay.ParseError.negative("-5ms")) { try Delay(parsing: "-5ms") }
        #expect(throws: Delay.ParseError.negative("-5")) { try Delay(parsing: "-5") }
        #expect(throws: Delay.ParseError.unknownUnit("5 parsecs", unit: "parsecs")) { try Delay(parsing: "5 parsecs") }
        #expect(throws: Delay.ParseError.notANumber("fast")) { try Delay(parsing: "fast") }
        #expect(throws: Delay.ParseError.empty) { try Delay(parsing: "") }
    }

    @Test func messagesSayHowToFix() {
        #expect(Delay.ParseError.missingUnit("50").description == "'50' has no unit; write e.g. 50ms or 50s")
    }

    @Test(arguments: [("50ms", "50ms"), ("2s", "2s"), ("1.5s", "1500ms"), ("250us", "250us"), ("7200s", "2h"), ("0", "0")])
    func printsShortest(text: String, printed: String) throws {
        #expect(try Delay(parsing: text).description == printed)
    }
}

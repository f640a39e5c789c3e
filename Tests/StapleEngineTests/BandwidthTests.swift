import Testing
@testable import StapleEngine

@Suite struct BandwidthTests {
    @Test(arguments: [
        ("10mbit", Int64(10_000_000)), ("10Mbit", 10_000_000), ("10mbit/s", 10_000_000), ("10mbps", 10_000_000),
        ("512kbit", 512_000), ("1gbit", 1_000_000_000), ("300bit", 300), ("2MB/s", 16_000_000), ("2MB", 16_000_000),
        ("64kB/s", 512_000), ("64KB/s", 512_000), ("1GB/s", 8_000_000_000), ("3B/s", 24), ("1.5kbit", 1500),
    ])
    func parsesUnits(text: String, bits: Int64) throws {
        #expect(try Scenario.Bandwidth(parsing: text).bitsPerSecond == bits)
    }

    @Test func unlimitedIsNoCap() throws {
        let bandwidth = try Scenario.Bandwidth(parsing: "unlimited")
        #expect(bandwidth.isUnlimited)
        #expect(bandwidth.bytesPerSecond == .infinity)
        #expect(bandwidth.description == "unlimited")
    }

    @Test func rejectsWithTheReason() {
        #expect(throws: Scenario.Bandwidth.ParseError.missingUnit("10")) { try Scenario.Bandwidth(parsing: "10") }
        #expect(throws: Scenario.Bandwidth.ParseError.unknownUnit("10mb", unit: "mb")) { try Scenario.Bandwidth(parsing: "10mb") }
        #expect(throws: Scenario.Bandwidth.ParseError.unknownUnit("10 furlongs", unit: "furlongs")) {
            try Scenario.Bandwidth(parsing: "10 furlongs")
        }
        #expect(throws: Scenario.Bandwidth.ParseError.notPositive("0mbit")) { try Scenario.Bandwidth(parsing: "0mbit") }
        #expect(throws: Scenario.Bandwidth.ParseError.notANumber("fast")) { try Scenario.Bandwidth(parsing: "fast") }
    }

    @Test func messagesSayHowToFix() {
        #expect(Scenario.Bandwidth.ParseError.missingUnit("10").description == "'10' has no unit; write e.g. 10mbit or 10MB/s")
        #expect(Scenario.Bandwidth.ParseError.unknownUnit("10mb", unit: "mb").description
                == "'10mb' is ambiguous; write mbit for bits or MB/s for bytes per second")
        #expect(Scenario.Bandwidth.ParseError.unknownUnit("1kb/s", unit: "kb/s").description
                == "'1kb/s' is ambiguous; write kbit for bits or kB/s for bytes per second")
    }

    @Test(arguments: [("10mbit", "10mbit"), ("2MB/s", "16mbit"), ("1500bit", "1500bit"), ("1.5kbit", "1500bit"),
                      ("64kB/s", "512kbit"), ("1gbit", "1gbit")])
    func printsShortestExactBitsForm(text: String, printed: String) throws {
        let bandwidth = try Scenario.Bandwidth(parsing: text)
        #expect(bandwidth.description == printed)
        #expect(try Scenario.Bandwidth(parsing: bandwidth.description) == bandwidth)
    }
}

import Testing
@testable import StapleTLS

/// The in-memory benchmark really completes handshakes (its figures are printed by `staplebench bench`,
/// never asserted against the machine's speed).
@Suite struct MemoryHandshakeBenchmarkTests {
    @Test(arguments: MemoryHandshakeBenchmark.Variant.allCases)
    func everyVariantCompletesItsHandshakes(variant: MemoryHandshakeBenchmark.Variant) throws {
        let result = try MemoryHandshakeBenchmark.run(variant, count: 20)
        #expect(result.handshakes == 20)
        #expect(result.seconds > 0)
    }

    @Test func tls12AlsoCompletes() throws {
        #expect(try MemoryHandshakeBenchmark.run(.stapleVerified, count: 5, version: .tls12).handshakes == 5)
    }
}

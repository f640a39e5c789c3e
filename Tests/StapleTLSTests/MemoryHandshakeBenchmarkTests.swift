import StapleCore
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

    /// With a pause, each handshake is timed alone and the pauses are not in `seconds`.
    @Test func pausesAreSleptBeforeEachHandshakeAndLeftOutOfItsTime() throws {
        let start = Instant.now()
        let result = try MemoryHandshakeBenchmark.run(.stapleVerified, count: 4, pause: .milliseconds(5))
        let wallMs = Instant.now().milliseconds(since: start)
        #expect(result.handshakes == 4)
        #expect(result.durationsMs.count == 4 && result.durationsMs.allSatisfy { $0 > 0 })
        // The four sleeps of at least 5 ms each lie outside the handshakes' own time.
        #expect(wallMs >= result.seconds * 1000 + 20, "wall \(wallMs) ms, handshakes \(result.seconds * 1000) ms")
        #expect(result.seconds * 1000 >= result.durationsMs.reduce(0, +) - 0.001)
        // ...and `seconds` is the handshakes' own: the loop around them adds far less than the
        // 20 ms the pauses would (halfway to it).
        #expect(result.seconds * 1000 - result.durationsMs.reduce(0, +) < 10)
    }
}

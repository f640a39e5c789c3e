import Testing
@testable import StapleLinks

@Suite struct JitterEffectTests {
    private func deadlines(seed: UInt64, count: Int = 500) -> [UInt64] {
        var effect = JitterEffect(amplitude: 5_000_000, seed: seed)
        var result: [UInt64] = []
        for index in 0..<count {
            let arrival = UInt64(index) * 100_000            // a chunk every 0.1 ms
            var chunk = ChunkTiming(arrival: arrival, bytes: 100)
            chunk.deadline = arrival + 10_000_000           // after a 10 ms latency stage
            effect.apply(to: &chunk)
            #expect(chunk.deadline >= chunk.arrival)
            result.append(chunk.deadline)
        }
        return result
    }

    @Test func neverReordersChunks() {
        let values = deadlines(seed: 7)
        for (earlier, later) in zip(values, values.dropFirst()) {
            #expect(later >= earlier)
        }
    }

    @Test func deviatesWithinTheAmplitude() {
        let values = deadlines(seed: 7)
        let delays = values.enumerated().map { Double($0.element) - Double($0.offset) * 100_000 - 10_000_000 }
        // Clamping to the previous deadline can only push later; below the nominal delay the
        // deviation never exceeds the amplitude.
        #expect(delays.min()! >= -5_000_000)
        // It really jitters: the spread covers most of ±5 ms.
        #expect(delays.max()! - delays.min()! > 6_000_000)
    }

    @Test func sameSeedSameDeviationsOtherSeedOthers() {
        #expect(deadlines(seed: 42) == deadlines(seed: 42))
        #expect(deadlines(seed: 42) != deadlines(seed: 43))
    }

    @Test func neverBeforeArrival() {
        var effect = JitterEffect(amplitude: 50_000_000, seed: 3)
        for index in 0..<200 {
            var chunk = ChunkTiming(arrival: UInt64(index) * 1_000, bytes: 1)   // no latency stage before
            effect.apply(to: &chunk)
            #expect(chunk.deadline >= chunk.arrival)
        }
    }
}

import Testing
@testable import StapleLinks

@Suite struct LatencyEffectTests {
    @Test func addsTheDelayToEachChunkFromItsArrival() {
        let effect = LatencyEffect(nanoseconds: 5_000_000)
        var first = ChunkTiming(arrival: 1_000, bytes: 10)
        var queued = ChunkTiming(arrival: 3_000_000, bytes: 10)
        effect.apply(to: &first)
        effect.apply(to: &queued)
        #expect(first.deadline == 5_001_000)
        // A chunk that arrived later is due its own delay after its own arrival, not after the first's deadline.
        #expect(queued.deadline == 8_000_000)
    }

    @Test func zeroLatencyLeavesTheDeadlineAtArrival() {
        var chunk = ChunkTiming(arrival: 42, bytes: 1)
        LatencyEffect(nanoseconds: 0).apply(to: &chunk)
        #expect(chunk.deadline == 42)
    }
}

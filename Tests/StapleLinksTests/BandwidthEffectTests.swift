import Testing
@testable import StapleLinks

@Suite struct BandwidthEffectTests {
    @Test func serializationTimeIsSizeOverRate() {
        let effect = BandwidthEffect(bytesPerSecond: 1_000_000)
        #expect(effect.serializationTime(bytes: 1_000) == 1_000_000)        // 1 kB at 1 MB/s: 1 ms
        #expect(effect.serializationTime(bytes: 0) == 0)
    }

    @Test func backToBackChunksQueueBehindEachOther() {
        var effect = BandwidthEffect(bytesPerSecond: 1_000_000)
        var first = ChunkTiming(arrival: 0, bytes: 10_000)     // 10 ms
        var second = ChunkTiming(arrival: 1_000_000, bytes: 10_000)
        effect.apply(to: &first)
        effect.apply(to: &second)
        #expect(first.deadline == 10_000_000)
        #expect(second.deadline == 20_000_000)                 // waits for the first to be serialized
    }

    @Test func anIdlePipeStartsAtArrival() {
        var effect = BandwidthEffect(bytesPerSecond: 1_000_000)
        var first = ChunkTiming(arrival: 0, bytes: 1_000)
        var late = ChunkTiming(arrival: 50_000_000, bytes: 1_000)
        effect.apply(to: &first)
        effect.apply(to: &late)
        #expect(late.deadline == 51_000_000)
    }
}

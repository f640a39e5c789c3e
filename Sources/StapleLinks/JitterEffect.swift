/// A seeded, uniform deviation of ±`amplitude` around the deadline, which never reorders:
/// a chunk's deadline is at least the previous chunk's, and never before its arrival.
struct JitterEffect: PipeEffect, Sendable {
    /// The largest deviation in nanoseconds.
    var amplitude: UInt64
    /// The random stream (the same seed gives the same deviations).
    var generator: SeededGenerator
    /// The deadline this stage gave the previous chunk.
    private(set) var previous: UInt64 = 0

    /// A jitter of ±`amplitude` nanoseconds drawn from `seed`.
    init(amplitude: UInt64, seed: UInt64) {
        self.amplitude = amplitude
        self.generator = SeededGenerator(seed: seed)
    }

    /// Moves the deadline by a random offset, then clamps it to the arrival and the previous deadline.
    mutating func apply(to chunk: inout ChunkTiming) {
        guard amplitude > 0 else { return }
        let span = Int64(clamping: amplitude)
        let offset = Int64.random(in: -span...span, using: &generator)
        var deadline = offset < 0
            ? chunk.deadline &- min(UInt64(-offset), chunk.deadline)
            : chunk.deadline &+ UInt64(offset)
        deadline = max(deadline, chunk.arrival, previous)
        previous = deadline
        chunk.deadline = deadline
    }
}

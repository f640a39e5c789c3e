/// A fixed one-way delay, counted from the chunk's arrival: a chunk that waited in a queue
/// does not wait its delay twice (toxiproxy: `sleep = delay - time.Since(chunk.Timestamp)`).
struct LatencyEffect: PipeEffect, Hashable, Sendable {
    /// The delay in nanoseconds.
    var nanoseconds: UInt64

    /// Adds the delay to the chunk's deadline.
    func apply(to chunk: inout ChunkTiming) {
        chunk.deadline &+= nanoseconds
    }
}

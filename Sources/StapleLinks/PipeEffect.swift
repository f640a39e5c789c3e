/// One stage of a pipe: moves a chunk's deadline (never earlier than its arrival).
///
/// Stages hold their own state (a random stream, a busy-until time) and see chunks in
/// arrival order.
protocol PipeEffect {
    /// Moves `chunk.deadline` by this effect.
    mutating func apply(to chunk: inout ChunkTiming)
}

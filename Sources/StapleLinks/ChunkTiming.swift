/// The timing of one chunk as it crosses a pipe: when it arrived and when it may leave.
///
/// Times are nanoseconds on the monotonic clock of `Instant`.
struct ChunkTiming: Hashable, Sendable {
    /// When the chunk arrived at the link (after any gate such as the emulated handshake).
    var arrival: UInt64
    /// When the chunk may be written out; starts at `arrival`, each effect moves it.
    var deadline: UInt64
    /// The chunk's size in bytes.
    var bytes: Int

    /// A chunk that arrived at `arrival`, not yet delayed.
    init(arrival: UInt64, bytes: Int) {
        self.arrival = arrival
        self.deadline = arrival
        self.bytes = bytes
    }
}

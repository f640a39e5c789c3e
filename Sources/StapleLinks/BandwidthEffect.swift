/// A bandwidth cap: each chunk takes `bytes / rate` seconds to serialize, and the pipe is
/// busy until the previous chunk has been serialized.
struct BandwidthEffect: PipeEffect, Hashable, Sendable {
    /// The cap in bytes per second (at least 1).
    var bytesPerSecond: Int
    /// When the pipe finishes serializing what it already holds (monotonic nanoseconds).
    private(set) var busyUntil: UInt64 = 0

    /// A cap of `bytesPerSecond` (values below 1 are taken as 1).
    init(bytesPerSecond: Int) {
        self.bytesPerSecond = max(1, bytesPerSecond)
    }

    /// Serialization time of `bytes` in nanoseconds.
    func serializationTime(bytes: Int) -> UInt64 {
        UInt64((Double(bytes) * 1e9 / Double(bytesPerSecond)).rounded())
    }

    /// Starts the chunk when the pipe is free and its deadline has come; it leaves when fully serialized.
    mutating func apply(to chunk: inout ChunkTiming) {
        let start = max(chunk.deadline, busyUntil)
        busyUntil = start &+ serializationTime(bytes: chunk.bytes)
        chunk.deadline = busyUntil
    }
}

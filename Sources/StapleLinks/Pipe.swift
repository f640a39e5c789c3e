import StapleCore

/// One direction of a link: latency → jitter → bandwidth, with the guarantee that a chunk
/// never leaves before the chunk that arrived before it.
struct Pipe: Sendable {
    /// The effects this pipe was built from.
    private(set) var effects: PipeEffects
    private var latency: LatencyEffect
    private var jitter: JitterEffect?
    private var bandwidth: BandwidthEffect?
    /// The deadline of the last chunk through this pipe.
    private(set) var lastDeadline: UInt64 = 0

    /// A pipe applying `effects`, its jitter drawn from `seed`.
    init(_ effects: PipeEffects, seed: UInt64) {
        self.effects = effects
        self.latency = LatencyEffect(nanoseconds: Pipe.nanoseconds(effects.latency))
        let amplitude = Pipe.nanoseconds(effects.jitter)
        self.jitter = amplitude > 0 ? JitterEffect(amplitude: amplitude, seed: seed) : nil
        self.bandwidth = effects.bandwidth.map { BandwidthEffect(bytesPerSecond: $0) }
    }

    /// Whether chunks leave the moment they arrive (no effect configured).
    var isImmediate: Bool { effects.isImmediate }

    /// The one-way latency in nanoseconds.
    var latencyNanoseconds: UInt64 { latency.nanoseconds }

    /// When a chunk of `bytes` that arrived at `arrival` may leave (never before the previous one).
    mutating func deadline(arrival: UInt64, bytes: Int) -> UInt64 {
        if isImmediate {
            lastDeadline = max(arrival, lastDeadline)
            return lastDeadline
        }
        var chunk = ChunkTiming(arrival: arrival, bytes: bytes)
        latency.apply(to: &chunk)
        jitter?.apply(to: &chunk)
        bandwidth?.apply(to: &chunk)
        lastDeadline = max(chunk.deadline, lastDeadline)
        return lastDeadline
    }

    /// Switches to new effects, keeping the order guarantee (chunks already queued keep their deadlines).
    mutating func reconfigure(_ newEffects: PipeEffects, seed: UInt64) {
        guard newEffects != effects else { return }
        let keep = lastDeadline
        self = Pipe(newEffects, seed: seed)
        lastDeadline = keep
    }

    /// A delay in whole nanoseconds (negative values as zero).
    static func nanoseconds(_ delay: Delay) -> UInt64 {
        UInt64(max(0, delay.nanoseconds))
    }
}

import StapleCore

/// The effects one direction of a link applies to the bytes crossing it: delay, jitter and a bandwidth cap.
///
/// A direction is a pipe, toxiproxy style: input → latency → jitter → bandwidth → output.
/// Every effect works on a chunk's deadline, never on its bytes, and the pipe never lets a
/// chunk overtake the one before it, so the byte stream is never reordered.
public struct PipeEffects: Hashable, Sendable, Codable, CustomStringConvertible {
    /// One-way delay added to every chunk, measured from the chunk's arrival.
    public var latency: Delay
    /// Largest random deviation from `latency` (uniform in ±jitter, seeded); 0 for none.
    public var jitter: Delay
    /// Bandwidth cap in bytes per second; `nil` for no cap.
    public var bandwidth: Int?

    /// Makes the effects of one direction.
    public init(latency: Delay = .zero, jitter: Delay = .zero, bandwidth: Int? = nil) {
        self.latency = latency
        self.jitter = jitter
        self.bandwidth = bandwidth
    }

    /// No effect at all: bytes are forwarded as they arrive.
    public static let none = PipeEffects()

    /// Whether the direction forwards every chunk the moment it arrives.
    public var isImmediate: Bool {
        latency.nanoseconds <= 0 && jitter.nanoseconds <= 0 && bandwidth == nil
    }

    /// `latency=50ms jitter=5ms bandwidth=1000000B/s`, leaving out what is unset.
    public var description: String {
        var parts = ["latency=\(latency)"]
        if jitter.nanoseconds > 0 { parts.append("jitter=\(jitter)") }
        if let bandwidth { parts.append("bandwidth=\(bandwidth)B/s") }
        return parts.joined(separator: " ")
    }
}

/// A message seen crossing a front door: which, which way, and when on the run's monotonic clock.
///
/// `sentAt` is when the chunk holding the message's first byte reached the front door from its
/// sender (the sender wrote it then: loopback adds no delay); `deliveredAt` is when the link
/// scheduled that chunk for release to the other end, after its injected delays (`nil` when the
/// link discarded it: a hang, a refusal, a closed path). The link's timers may release a chunk
/// up to 20 µs before its scheduled time.
public struct WireEvent: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What crossed.
    public var message: WireMessage
    /// Which way.
    public var direction: WireDirection
    /// When its first byte reached the front door.
    public var sentAt: Instant
    /// When the link released (or scheduled) that byte to the other end; `nil` when discarded.
    public var deliveredAt: Instant?

    /// Makes a wire event.
    public init(message: WireMessage, direction: WireDirection, sentAt: Instant, deliveredAt: Instant?) {
        self.message = message
        self.direction = direction
        self.sentAt = sentAt
        self.deliveredAt = deliveredAt
    }

    /// `→ tls.ClientHello sni=example.com`, for people.
    public var description: String { "\(direction.arrow) \(message)" }
}

import StapleCore

/// When one chunk crossed a front door: it reached the door at `sentAt`, and the link scheduled
/// it for release to the other end at `deliveredAt` (`nil`: discarded).
struct WireStamp: Hashable, Sendable {
    /// When the chunk reached the front door.
    var sentAt: Instant
    /// When the link scheduled it for release; `nil` when discarded.
    var deliveredAt: Instant?
}

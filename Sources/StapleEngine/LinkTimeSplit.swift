import StapleCore

/// How one handshake's time to first byte divides between its links and its endpoints, read from
/// the wire alone (so it holds for a real program on either end as for a built-in actor).
///
/// The split follows the handshake's **critical path backwards** from its first response byte:
/// the last message any link released before that instant was what the receiving endpoint was
/// waiting for, so the time from its release to the instant is the endpoint's (its work, the
/// loopback transfer, its wake-up) and the time from the message reaching the front door to its
/// release is the link's (`WireEvent`'s `sentAt` … `deliveredAt`; an emulated TCP handshake is such
/// an interval too, accept … first bytes let through); the walk then continues from the instant
/// that message was sent, until the attempt's start. `onLinkMs` is the sum of the link intervals on
/// the path, `offLinkMs` the rest. A sender does not wait for its own bytes: from a message the
/// walk skips the earlier ones its sender sent the same way on the same connection (the first
/// record of a flight), so the sender's work between them is the sender's, however long. With handshakes one at a time (concurrency 1) every link interval in the window is this
/// handshake's, so `onLinkMs − model` is what the links added beyond the injected delays, and
/// `offLinkMs` is the CPU cost measured in the very handshakes a fidelity point times (which, after
/// an idle wait, is not the cost the zero-delay baseline measures: see
/// ``Bench/idleWork(pausesMs:count:)``). A message that runs beside the path (a lazy server's
/// staple fetch during a handshake that does not wait for it) can be taken for it when it is the
/// last released; in `bench fidelity` the lazy server's one fetch falls in the warm-up and its
/// staple outlives the point, so no counted handshake has one.
public struct LinkTimeSplit: Hashable, Sendable {
    /// Time held in links on the critical path, ms.
    public var onLinkMs: Double
    /// The rest of the time to first byte, ms.
    public var offLinkMs: Double

    /// A split from its parts.
    public init(onLinkMs: Double, offLinkMs: Double) {
        self.onLinkMs = onLinkMs
        self.offLinkMs = offLinkMs
    }

    /// A link interval in nanoseconds: reached the link at `sent`, released at `released`; on
    /// which link connection and which way (`nil` for an emulated TCP handshake).
    struct Held: Hashable {
        var sent: UInt64
        var released: UInt64
        var connection = ConnectionID.none
        var direction: WireDirection?

        /// Whether `other` went the same way on the same connection: its sender's own earlier
        /// bytes, which it did not wait for.
        func follows(_ other: Held) -> Bool {
            direction != nil && connection == other.connection && direction == other.direction
        }
    }

    /// One split per record, in record order: `nil` for a record without a time to first byte.
    /// `events` are the run part's trace (every link's), `origin` the run's clock origin (records'
    /// times are ms after it).
    public static func splits(_ records: [HandshakeRecord], events: [TraceEvent], origin: Instant) -> [LinkTimeSplit?] {
        let held = linkIntervals(events)
        return records.map { record in
            guard let ttfb = record.ttfbMs, ttfb >= 0 else { return nil }
            // Rounded, not truncated: a window that ends on a release (a real client's first byte
            // is read from the wire) must not end a nanosecond before it.
            let start = origin.nanoseconds &+ UInt64((max(0, record.startedMs) * 1e6).rounded())
            let end = start &+ UInt64((ttfb * 1e6).rounded())
            let onLink = Double(criticalLinkTime(held, from: start, to: end)) / 1e6
            return LinkTimeSplit(onLinkMs: min(onLink, ttfb), offLinkMs: max(0, ttfb - onLink))
        }
    }

    /// Every link interval in `events` that held something (released after it arrived), ascending
    /// by release.
    static func linkIntervals(_ events: [TraceEvent]) -> [Held] {
        var held: [Held] = []
        for timeline in WireTimeline.timelines(in: events) {
            if let accepted = timeline.acceptedAt, let ended = timeline.tcpHandshakeEndedAt, ended > accepted {
                held.append(Held(sent: accepted.nanoseconds, released: ended.nanoseconds, connection: timeline.connection))
            }
            for message in timeline.messages {
                if let delivered = message.deliveredAt, delivered > message.sentAt {
                    held.append(Held(sent: message.sentAt.nanoseconds, released: delivered.nanoseconds,
                                     connection: timeline.connection, direction: message.direction))
                }
            }
        }
        return held.sorted { ($0.released, $0.sent) < ($1.released, $1.sent) }
    }

    /// Nanoseconds of link time on the critical path of `[from, to)`: from `to` back, the last
    /// interval released at or before the walk's instant (not one its sender sent earlier the same
    /// way on the same connection: a sender does not wait for its own bytes), its share inside the
    /// window, then on from the instant it was sent. `held` ascending by release.
    static func criticalLinkTime(_ held: [Held], from: UInt64, to: UInt64) -> UInt64 {
        guard to > from else { return 0 }
        var instant = to, total: UInt64 = 0
        var previous: Held?
        // The intervals released at or before `instant`: [0, bound).
        var bound = upperBound(held, releasedAtMost: instant)
        while bound > 0 {
            // The last one released (it arrived before its release, so before `instant`) that is
            // not the sender's own.
            var index = bound - 1
            while index >= 0, let last = previous, held[index].follows(last) { index -= 1 }
            guard index >= 0 else { break }
            let interval = held[index]
            previous = interval
            guard interval.released > from else { break }
            total += interval.released - max(interval.sent, from)
            instant = max(interval.sent, from)
            guard instant > from else { break }
            bound = upperBound(held, releasedAtMost: instant)
        }
        return total
    }

    /// How many of `held` (ascending by release) were released at or before `instant`.
    static func upperBound(_ held: [Held], releasedAtMost instant: UInt64) -> Int {
        var low = 0, high = held.count
        while low < high {
            let mid = (low + high) / 2
            if held[mid].released <= instant { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

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
/// the path, `offLinkMs` the rest. A message sent while its sender was still working (the second
/// record of a flight) does not stretch the link's share: only the one the receiver waited for
/// counts. With handshakes one at a time (concurrency 1) every link interval in the window is this
/// handshake's, so `onLinkMs − model` is what the links added beyond the injected delays, and
/// `offLinkMs` is the CPU cost measured in the very handshakes a fidelity point times (which, after
/// an idle wait, is not the cost the zero-delay baseline measures: see
/// ``Bench/idleWork(pausesMs:count:)``). A message that runs beside the path (a lazy server's
/// staple fetch during a handshake that does not wait for it) can be taken for it when it is the
/// last released; the fidelity points count handshakes with no such fetch.
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

    /// A link interval in nanoseconds: reached the link at `sent`, released at `released`.
    struct Held: Hashable {
        var sent: UInt64
        var released: UInt64
    }

    /// One split per record, in record order: `nil` for a record without a time to first byte.
    /// `events` are the run part's trace (every link's), `origin` the run's clock origin (records'
    /// times are ms after it).
    public static func splits(_ records: [HandshakeRecord], events: [TraceEvent], origin: Instant) -> [LinkTimeSplit?] {
        let held = linkIntervals(events)
        return records.map { record in
            guard let ttfb = record.ttfbMs, ttfb >= 0 else { return nil }
            let start = origin.nanoseconds &+ UInt64(max(0, record.startedMs) * 1e6)
            let end = start &+ UInt64(ttfb * 1e6)
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
                held.append(Held(sent: accepted.nanoseconds, released: ended.nanoseconds))
            }
            for message in timeline.messages {
                if let delivered = message.deliveredAt, delivered > message.sentAt {
                    held.append(Held(sent: message.sentAt.nanoseconds, released: delivered.nanoseconds))
                }
            }
        }
        return held.sorted { ($0.released, $0.sent) < ($1.released, $1.sent) }
    }

    /// Nanoseconds of link time on the critical path of `[from, to)`: from `to` back, the last
    /// interval released at or before the walk's instant, its share inside the window, then on from
    /// the instant it was sent. `held` ascending by release.
    static func criticalLinkTime(_ held: [Held], from: UInt64, to: UInt64) -> UInt64 {
        guard to > from else { return 0 }
        var instant = to, total: UInt64 = 0
        // The intervals released at or before `instant`: [0, bound).
        var bound = upperBound(held, releasedAtMost: instant)
        while bound > 0 {
            // The last one released (it arrived before its release, so before `instant`).
            let interval = held[bound - 1]
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

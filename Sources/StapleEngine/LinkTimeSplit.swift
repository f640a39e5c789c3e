import StapleCore

/// How one handshake's time to first byte divides between its links and its endpoints, read from
/// the wire alone (so it holds for a real program on either end as for a built-in actor).
///
/// `onLinkMs` is how long, between the attempt's start and its first response byte, at least one
/// message was held in a link (from reaching the front door to the link's release, `WireEvent`'s
/// `sentAt` … `deliveredAt`) or a link was emulating a TCP handshake (accept … first bytes let
/// through). `offLinkMs` is the rest: the endpoints' own work, the kernel's loopback transfers and
/// the endpoints' wake-ups. With handshakes one at a time (concurrency 1) every link interval in the
/// window is this handshake's, so `onLinkMs − model` is what the links added beyond the injected
/// delays, and `offLinkMs` is the CPU cost measured in the very handshakes a fidelity point times
/// (which, after an idle wait, is not the cost the zero-delay baseline measures: see
/// ``Bench/idleWork(pausesMs:count:)``).
public struct LinkTimeSplit: Hashable, Sendable {
    /// Time with a message or an emulated TCP handshake held in a link, ms.
    public var onLinkMs: Double
    /// The rest of the time to first byte, ms.
    public var offLinkMs: Double

    /// A split from its parts.
    public init(onLinkMs: Double, offLinkMs: Double) {
        self.onLinkMs = onLinkMs
        self.offLinkMs = offLinkMs
    }

    /// One split per record, in record order: `nil` for a record without a time to first byte.
    /// `events` are the run part's trace (every link's), `origin` the run's clock origin (records'
    /// times are ms after it). Overlapping link intervals count once (their union).
    public static func splits(_ records: [HandshakeRecord], events: [TraceEvent], origin: Instant) -> [LinkTimeSplit?] {
        let union = linkUnion(events)
        return records.map { record in
            guard let ttfb = record.ttfbMs, ttfb >= 0 else { return nil }
            let start = origin.nanoseconds &+ UInt64(max(0, record.startedMs) * 1e6)
            let end = start &+ UInt64(ttfb * 1e6)
            let onLink = Double(covered(union, from: start, to: end)) / 1e6
            return LinkTimeSplit(onLinkMs: min(onLink, ttfb), offLinkMs: max(0, ttfb - onLink))
        }
    }

    /// The union of every link interval in `events`, as disjoint `[start, end)` nanosecond spans in
    /// ascending order.
    static func linkUnion(_ events: [TraceEvent]) -> [(start: UInt64, end: UInt64)] {
        var spans: [(start: UInt64, end: UInt64)] = []
        for timeline in WireTimeline.timelines(in: events) {
            if let accepted = timeline.acceptedAt, let ended = timeline.tcpHandshakeEndedAt, ended > accepted {
                spans.append((accepted.nanoseconds, ended.nanoseconds))
            }
            for message in timeline.messages {
                if let delivered = message.deliveredAt, delivered > message.sentAt {
                    spans.append((message.sentAt.nanoseconds, delivered.nanoseconds))
                }
            }
        }
        return merged(spans)
    }

    /// `spans` merged into disjoint ascending spans.
    static func merged(_ spans: [(start: UInt64, end: UInt64)]) -> [(start: UInt64, end: UInt64)] {
        var result: [(start: UInt64, end: UInt64)] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            if let last = result.last, span.start <= last.end {
                result[result.count - 1].end = max(last.end, span.end)
            } else {
                result.append(span)
            }
        }
        return result
    }

    /// Nanoseconds of `[from, to)` that the disjoint ascending `union` covers.
    static func covered(_ union: [(start: UInt64, end: UInt64)], from: UInt64, to: UInt64) -> UInt64 {
        guard to > from else { return 0 }
        // The first span that ends after `from` (binary search: spans are disjoint and ascending).
        var low = 0, high = union.count
        while low < high {
            let mid = (low + high) / 2
            if union[mid].end <= from { low = mid + 1 } else { high = mid }
        }
        var total: UInt64 = 0
        var index = low
        while index < union.count, union[index].start < to {
            let start = max(union[index].start, from), end = min(union[index].end, to)
            if end > start { total += end - start }
            index += 1
        }
        return total
    }
}

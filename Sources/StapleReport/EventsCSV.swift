import Foundation
import StapleCore

/// `events.csv`: the raw trace, one row per event, times relative to the run's origin.
public enum EventsCSV {
    /// The columns, in order.
    public static let columns = ["time_ms", "party", "event", "connection", "bytes", "detail", "payload"]

    /// Where the instants inside a `payload` are anchored: the run's origin is this many nanoseconds.
    public static let anchor: UInt64 = 1_000_000_000_000_000

    /// The table of `events`, sorted by time (events at the same time keep their order).
    ///
    /// `time_ms` is milliseconds since `origin` (negative for events before it); `party` is
    /// `role:name`; `connection` is empty for party-wide events; `payload` is the event's typed facts
    /// as JSON (empty for none), their instants anchored so that the origin is ``anchor``.
    public static func table(_ events: [TraceEvent], origin: Instant) -> CSVTable {
        let ordered = events.enumerated()
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)
        return CSVTable(header: columns, rows: ordered.map { row($0, origin: origin) })
    }

    /// The fields of one event.
    public static func row(_ e: TraceEvent, origin: Instant) -> [String?] {
        [CSVWriter.milliseconds(milliseconds(from: origin, to: e.time)), e.party.description, e.kind.rawValue,
         ConnectionField.text(e.connection), CSVWriter.count(e.bytes), e.detail, payloadText(e.payload, origin: origin)]
    }

    /// The JSON of `payload` (keys sorted), its instants moved so that `origin` becomes ``anchor``; empty for none.
    public static func payloadText(_ payload: EventPayload, origin: Instant) -> String {
        guard payload != .none else { return "" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let moved = payload.shifted(by: Int64(clamping: anchor) &- Int64(clamping: origin.nanoseconds))
        return (try? encoder.encode(moved)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The payload of a `payload` field (instants relative to ``anchor``); `.none` for an empty one.
    public static func payload(from text: String) throws -> EventPayload {
        guard !text.isEmpty else { return .none }
        return try JSONDecoder().decode(EventPayload.self, from: Data(text.utf8))
    }

    /// Exact milliseconds between two instants (integer nanosecond difference first).
    static func milliseconds(from origin: Instant, to time: Instant) -> Double {
        time >= origin ? Double(time.nanoseconds - origin.nanoseconds) / 1_000_000
                       : -Double(origin.nanoseconds - time.nanoseconds) / 1_000_000
    }
}

import StapleCore

/// `events.csv`: the raw trace, one row per event, times relative to the run's origin.
public enum EventsCSV {
    /// The columns, in order.
    public static let columns = ["time_ms", "party", "event", "connection", "bytes", "detail"]

    /// The table of `events`, sorted by time (events at the same time keep their order).
    ///
    /// `time_ms` is milliseconds since `origin` (negative for events before it); `party` is
    /// `role:name`; `connection` is empty for party-wide events.
    public static func table(_ events: [TraceEvent], origin: Instant) -> CSVTable {
        let ordered = events.enumerated()
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)
        return CSVTable(header: columns, rows: ordered.map { row($0, origin: origin) })
    }

    /// The fields of one event.
    public static func row(_ e: TraceEvent, origin: Instant) -> [String?] {
        [CSVWriter.milliseconds(milliseconds(from: origin, to: e.time)), e.party.description, e.kind.rawValue,
         ConnectionField.text(e.connection), CSVWriter.count(e.bytes), e.detail]
    }

    /// Exact milliseconds between two instants (integer nanosecond difference first).
    static func milliseconds(from origin: Instant, to time: Instant) -> Double {
        time >= origin ? Double(time.nanoseconds - origin.nanoseconds) / 1_000_000
                       : -Double(origin.nanoseconds - time.nanoseconds) / 1_000_000
    }
}

/// `responder.csv`: every request the responder logged, in the order given.
public enum ResponderCSV {
    /// The columns, in order.
    public static let columns = [
        "scenario", "sweep_point", "mode", "time_ms", "requester_address", "method", "hostname", "status", "bytes",
    ]

    /// The table of `entries`.
    public static func table(_ entries: [ResponderLogEntry]) -> CSVTable {
        CSVTable(header: columns, rows: entries.map(row))
    }

    /// The fields of one entry.
    public static func row(_ e: ResponderLogEntry) -> [String?] {
        [e.scenario, e.sweepPoint, e.mode, CSVWriter.milliseconds(e.timeMs), e.requesterAddress, e.method,
         e.hostname, e.status, CSVWriter.count(e.bytes)]
    }
}

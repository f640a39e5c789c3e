/// `privacy.csv`: the privacy ledgers of a run, one mode after another.
public enum PrivacyCSV {
    /// The columns, in order. `requested` (last, so older readers keep their columns) is what a
    /// CRL or push server was asked for (the list's path and CA); it and `hostname` are never both set.
    public static let columns = [
        "scenario", "mode", "observer", "observer_address", "hostname", "client_address", "via", "count",
        "warmup_count", "requested",
    ]

    /// The rows of every ledger, in the order given.
    public static func table(_ ledgers: [PrivacyLedger]) -> CSVTable {
        CSVTable(header: columns, rows: ledgers.flatMap(\.rows).map(row))
    }

    /// The fields of one row.
    public static func row(_ r: PrivacyRow) -> [String?] {
        [r.scenario, r.mode, r.observerText, r.observerAddress, r.hostname, r.clientAddress,
         r.via.rawValue, CSVWriter.count(r.count), CSVWriter.count(r.warmupCount), r.requested]
    }
}

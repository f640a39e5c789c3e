/// `privacy.csv`: the privacy ledgers of a run, one mode after another.
public enum PrivacyCSV {
    /// The columns, in order.
    public static let columns = [
        "scenario", "mode", "observer", "observer_address", "hostname", "client_address", "via", "count",
        "warmup_count",
    ]

    /// The rows of every ledger, in the order given.
    public static func table(_ ledgers: [PrivacyLedger]) -> CSVTable {
        CSVTable(header: columns, rows: ledgers.flatMap(\.rows).map(row))
    }

    /// The fields of one row.
    public static func row(_ r: PrivacyRow) -> [String?] {
        [r.scenario, r.mode, r.observerText, r.observerAddress, r.hostname, r.clientAddress,
         r.via.rawValue, CSVWriter.count(r.count), CSVWriter.count(r.warmupCount)]
    }
}

/// `summary.csv`: one row per (sweep point, mode), warm-up excluded (see `Summary`).
public enum SummaryCSV {
    /// The columns, in order: the required ones of the schema first, then extras.
    public static let columns = [
        "scenario", "sweep_point", "mode", "handshakes", "connected", "failed", "p50_ms", "p90_ms",
        "p99_ms", "mean_ms", "model_ms", "responder_requests", "soft_fail", "hard_fail", "error",
        "min_ms", "max_ms", "stddev_ms", "outliers", "stapled",
    ]

    /// The table of `summary`'s rows.
    public static func table(_ summary: Summary) -> CSVTable {
        CSVTable(header: columns, rows: summary.rows.map(row))
    }

    /// The fields of one row.
    public static func row(_ r: SummaryRow) -> [String?] {
        let ms = CSVWriter.milliseconds, count = CSVWriter.count
        return [
            r.scenario, r.sweepPoint, r.mode, count(r.handshakes), count(r.connected), count(r.failed),
            ms(r.p50Ms), ms(r.p90Ms), ms(r.p99Ms), ms(r.latency.mean), ms(r.modelMs), count(r.responderRequests),
            count(r.softFail), count(r.hardFail), count(r.error), ms(r.latency.min), ms(r.latency.max),
            ms(r.latency.standardDeviation), count(r.outliers), count(r.stapled),
        ]
    }
}

/// `summary.csv`: one row per (sweep point, mode), warm-up excluded (see `Summary`).
public enum SummaryCSV {
    /// The columns, in order: the required ones of the schema first, then extras.
    public static let columns = [
        "scenario", "sweep_point", "mode", "handshakes", "connected", "failed", "p50_ms", "p90_ms",
        "p99_ms", "mean_ms", "model_ms", "responder_requests", "soft_fail", "hard_fail", "error",
        "min_ms", "max_ms", "stddev_ms", "outliers", "stapled",
        "gap_ms", "p50_ci_low_ms", "p50_ci_high_ms", "p90_ci_low_ms", "p90_ci_high_ms",
        "soft_fail_p50_ms", "soft_fail_p90_ms", "hard_fail_p50_ms", "hard_fail_p90_ms", "error_p50_ms", "error_p90_ms",
        "saving_ms", "saving_ci_low_ms", "saving_ci_high_ms", "saving_measurable", "visited_pairs", "responder_pairs",
        "exposure_window_s", "revocation_bytes_per_handshake", "ca_requests",
        "interrupted",
    ]

    /// The table of `summary`'s rows.
    public static func table(_ summary: Summary) -> CSVTable {
        CSVTable(header: columns, rows: summary.rows.map { row in
            row.mode == "stapled" ? self.row(row, comparison: summary.comparison(sweepPoint: row.sweepPoint))
                                  : self.row(row)
        })
    }

    /// The fields of one row; `comparison` (stapled rows only) fills the saving columns.
    public static func row(_ r: SummaryRow, comparison: StaplingComparison? = nil) -> [String?] {
        let ms = CSVWriter.milliseconds, count = CSVWriter.count
        let saving = comparison?.savingInterval
        return [
            r.scenario, r.sweepPoint, r.mode, count(r.handshakes), count(r.connected), count(r.failed),
            ms(r.p50Ms), ms(r.p90Ms), ms(r.p99Ms), ms(r.latency.mean), ms(r.modelMs), count(r.responderRequests),
            count(r.softFail), count(r.hardFail), count(r.error), ms(r.latency.min), ms(r.latency.max),
            ms(r.latency.standardDeviation), count(r.outliers), count(r.stapled),
            ms(r.gapMs), ms(r.p50Interval?.lower), ms(r.p50Interval?.upper), ms(r.p90Interval?.lower),
            ms(r.p90Interval?.upper),
            ms(r.failureMs(.softFail, 50)), ms(r.failureMs(.softFail, 90)), ms(r.failureMs(.hardFail, 50)),
            ms(r.failureMs(.hardFail, 90)), ms(r.failureMs(.error, 50)), ms(r.failureMs(.error, 90)),
            ms(comparison?.savingMs), ms(saving?.lower), ms(saving?.upper),
            comparison.map { CSVWriter.yesNo($0.measurable) }, count(r.visitedPairs), count(r.responderPairs),
            r.revocation.exposureText, r.revocation.bytesPerHandshake.flatMap { FixedPoint.string($0, decimals: 1) },
            count(r.revocation.caRequests),
            count(r.interrupted),
        ]
    }
}

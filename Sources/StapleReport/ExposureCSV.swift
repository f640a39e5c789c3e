import StapleCore

/// `exposure.csv`: per (sweep point, mode, client, site) whose site was revoked mid-run
/// (`sites[i].revoke_at`), when the client first refused the certificate and so how long it
/// was exposed. Written only when the scenario revokes a site mid-run.
///
/// `summary.csv`'s `exposure_window_s` is the largest `exposure_window_s` of the mode's rows
/// here (the slowest client); the report shows each client's largest beside it.
public enum ExposureCSV {
    /// The columns, in order.
    public static let columns = [
        "scenario", "sweep_point", "mode", "client", "site", "revoke_at_s", "first_refused_s", "exposure_window_s",
        "last_accepted_s",
    ]

    /// One mode's pairs at one sweep point.
    public struct Part: Sendable {
        /// The sweep point's label (empty without a sweep).
        public var sweepPoint: String
        /// The mode.
        public var mode: String
        /// Its (client, site) pairs, in order.
        public var pairs: [ExposureWindow.Pair]

        /// Makes a part.
        public init(sweepPoint: String, mode: String, pairs: [ExposureWindow.Pair]) {
            self.sweepPoint = sweepPoint
            self.mode = mode
            self.pairs = pairs
        }
    }

    /// Every part's pairs, in the order given; `first_refused_s` empty and `exposure_window_s`
    /// `inf` for a client that never refused; `last_accepted_s` the last acceptance after the
    /// revocation (empty: none), so the true window is at least `last_accepted_s − revoke_at_s`.
    public static func table(scenario: String, parts: [Part]) -> CSVTable {
        CSVTable(header: columns, rows: parts.flatMap { part in
            part.pairs.map { pair in
                [scenario, part.sweepPoint, part.mode, pair.client, pair.site,
                 FixedPoint.string(pair.revokedAtS, decimals: 3),
                 pair.firstRefusedS.flatMap { FixedPoint.string($0, decimals: 3) },
                 RevocationFigures.exposureText(pair.seconds),
                 pair.lastAcceptedS.flatMap { FixedPoint.string($0, decimals: 3) }]
            }
        })
    }

    /// Each (sweep point, mode)'s clients from a table read back: per client the largest
    /// `exposure_window_s` of its rows (`inf` read as infinity); rows that do not parse are skipped.
    public static func clients(in table: CSVTable) -> [SummaryKey: [RevocationFigures.ClientExposure]] {
        guard let point = table.header.firstIndex(of: "sweep_point"), let mode = table.header.firstIndex(of: "mode"),
              let client = table.header.firstIndex(of: "client"),
              let window = table.header.firstIndex(of: "exposure_window_s") else { return [:] }
        var worst: [SummaryKey: [String: Double]] = [:]
        for row in table.rows where row.count == table.header.count {
            guard let name = row[client], let seconds = RevocationFigures.exposure(from: row[window]) else { continue }
            let key = SummaryKey(sweepPoint: row[point] ?? "", mode: row[mode] ?? "")
            worst[key, default: [:]][name] = max(worst[key]?[name] ?? -.infinity, seconds)
        }
        return worst.mapValues { byClient in
            byClient.sorted { $0.key < $1.key }.map { RevocationFigures.ClientExposure(client: $0.key, seconds: $0.value) }
        }
    }
}

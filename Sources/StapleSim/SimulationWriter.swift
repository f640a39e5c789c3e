import StapleCore
import StapleEngine
import StapleReport

/// Writes a simulation's files, each atomically: `summary.csv` (a run's schema; columns a
/// simulation cannot fill are empty), `simulation.csv` (loads, scaled loads, privacy per part),
/// `responder-load.csv` (requests and bytes per time bucket and tier), `privacy-exposure.csv`
/// (distinct (client, hostname) pairs per observer) and `report.html`.
public struct SimulationWriter {
    /// The folder.
    public let folder: String

    /// A writer for `folder` (created when writing).
    public init(folder: String) { self.folder = folder }

    /// The columns of `simulation.csv`.
    public static let simulationColumns = [
        "scenario", "sweep_point", "mode", "stapling_share", "visits", "handshakes", "stapled", "connected", "soft_fail",
        "hard_fail", "edge_requests", "edge_rps_mean", "edge_rps_peak", "edge_bytes_per_s", "origin_requests",
        "origin_rps_mean", "origin_rps_peak", "origin_bytes_per_s", "bucket_s", "represents", "scaled_edge_rps",
        "scaled_origin_rps", "scaled_edge_per_month", "p50_ms", "p90_ms", "p99_ms", "model_p50_ms", "visited_pairs",
        "responder_pairs", "cache_entries", "wall_s", "revocation_bytes_per_handshake", "exposure_window_s",
    ]

    /// The columns of `responder-load.csv`.
    public static let loadColumns = ["scenario", "sweep_point", "mode", "tier", "bucket_start_s", "bucket_s", "requests",
                                     "bytes", "requests_per_s"]

    /// The columns of `privacy-exposure.csv`.
    public static let privacyColumns = ["scenario", "sweep_point", "mode", "observer", "pairs", "visited_pairs", "share"]

    /// Seconds in a 30-day month, for the monthly figure.
    public static let monthSeconds = 30.0 * 86_400

    /// `summary.csv`: the run's columns, one row per part.
    public static func summary(_ result: SimulationResult) -> CSVTable {
        let ms = CSVWriter.milliseconds, count = CSVWriter.count
        return CSVTable(header: SummaryCSV.columns, rows: result.parts.map { part in
            let s = part.stats
            let values: [String: String?] = [
                "scenario": result.scenario.name, "sweep_point": part.label, "mode": part.mode.rawValue,
                "handshakes": count(s.handshakes), "connected": count(s.connected), "failed": count(s.handshakes - s.connected),
                "p50_ms": ms(s.latency.percentile(50)), "p90_ms": ms(s.latency.percentile(90)),
                "p99_ms": ms(s.latency.percentile(99)), "mean_ms": ms(s.latency.mean), "model_ms": ms(s.model.percentile(50)),
                "responder_requests": count(part.origin.totalRequests), "soft_fail": count(s.softFail),
                "hard_fail": count(s.hardFail), "error": count(0), "min_ms": ms(s.latency.min), "max_ms": ms(s.latency.max),
                "stddev_ms": ms(s.latency.standardDeviation), "stapled": count(s.stapled),
                "visited_pairs": count(part.modeVisitedPairs), "responder_pairs": count(part.modeResponderPairs),
                "exposure_window_s": part.revocationFigures.exposureText,
                "revocation_bytes_per_handshake": part.revocationFigures.bytesPerHandshake.flatMap { FixedPoint.string($0, decimals: 1) },
                "ca_requests": count(part.origin.totalRequests),
            ]
            return SummaryCSV.columns.map { values[$0] ?? nil }
        })
    }

    /// `simulation.csv`.
    public static func simulation(_ result: SimulationResult) -> CSVTable {
        let f = { (value: Double?, decimals: Int) in value.flatMap { FixedPoint.string($0, decimals: decimals) } }
        return CSVTable(header: simulationColumns, rows: result.parts.map { part in
            let s = part.stats
            return [
                result.scenario.name, part.label, part.mode.rawValue, f(part.staplingShare, 3), String(part.visits),
                String(s.handshakes), String(s.stapled), String(s.connected), String(s.softFail), String(s.hardFail),
                String(part.edge.totalRequests), f(part.edge.meanPerSecond, 3), f(part.edge.peakPerSecond, 3),
                f(part.edge.meanBytesPerSecond, 1), String(part.origin.totalRequests), f(part.origin.meanPerSecond, 3),
                f(part.origin.peakPerSecond, 3), f(part.origin.meanBytesPerSecond, 1), f(part.origin.bucketSeconds, 0),
                f(part.represents, 0), f(part.edge.meanPerSecond * part.represents, 1),
                f(part.origin.meanPerSecond * part.represents, 1),
                f(part.edge.meanPerSecond * part.represents * monthSeconds, 0),
                CSVWriter.milliseconds(s.latency.percentile(50)), CSVWriter.milliseconds(s.latency.percentile(90)),
                CSVWriter.milliseconds(s.latency.percentile(99)), CSVWriter.milliseconds(s.model.percentile(50)),
                String(part.visitedPairs), String(part.responderPairs), String(part.cacheEntries), f(part.wallSeconds, 3),
                f(part.revocationFigures.bytesPerHandshake, 1), part.revocationFigures.exposureText,
            ]
        })
    }

    /// `responder-load.csv`: every non-empty bucket of each tier (`edge`: the CA's front; `origin`: the responder).
    public static func load(_ result: SimulationResult) -> CSVTable {
        var table = CSVTable(header: loadColumns)
        for part in result.parts {
            for (tier, load) in [("edge", part.edge), ("origin", part.origin)] {
                for index in load.requests.indices where load.requests[index] > 0 {
                    table.append([result.scenario.name, part.label, part.mode.rawValue, tier,
                                  FixedPoint.string(Double(index) * load.bucketSeconds, decimals: 0),
                                  FixedPoint.string(load.bucketSeconds, decimals: 0), String(load.requests[index]),
                                  String(load.bytes[index]),
                                  FixedPoint.string(Double(load.requests[index]) / load.bucketSeconds, decimals: 3)])
                }
            }
        }
        return table
    }

    /// `privacy-exposure.csv`: who learned which (client, hostname) pairs. The resolver (the DNS
    /// query), the server (the SNI) and an on-path observer between client and server (the SNI
    /// in clear) learn every pair visited; the responder only those its clients asked about.
    public static func privacy(_ result: SimulationResult) -> CSVTable {
        var table = CSVTable(header: privacyColumns)
        for part in result.parts {
            let visited = part.visitedPairs
            for (observer, pairs) in [("resolver", visited), ("server", visited), ("client-server tap", visited),
                                      ("responder", part.responderPairs)] {
                table.append([result.scenario.name, part.label, part.mode.rawValue, observer, String(pairs), String(visited),
                              visited > 0 ? FixedPoint.string(Double(pairs) / Double(visited), decimals: 4) : nil])
            }
        }
        return table
    }

    /// Writes every file; returns the paths written.
    @discardableResult
    public func write(_ result: SimulationResult) throws -> [String] {
        var written: [String] = []
        func put(_ name: String, _ text: String) throws {
            try AtomicFile.write(text, to: folder + "/" + name)
            written.append(folder + "/" + name)
        }
        try put("summary.csv", SimulationWriter.summary(result).text)
        try put("simulation.csv", SimulationWriter.simulation(result).text)
        try put("responder-load.csv", SimulationWriter.load(result).text)
        try put("privacy-exposure.csv", SimulationWriter.privacy(result).text)
        try put("scenario.yaml", result.scenario.resolvedYAML())
        try put("report.html", SimulationReport.html(result))
        return written
    }
}

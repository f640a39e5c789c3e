/// The table printed after a run: per (sweep point, mode) counts, latency, the model and the gap.
///
/// Columns: sweep point (only when the run swept), mode, handshakes, connected, soft-fail,
/// hard-fail, error, p50/p90/p99 time to first byte, the model's prediction (median), the gap
/// (measured p50 − model), and the responder's request count. Times in ms with one decimal;
/// `-` where there is no value. Under the table, one verdict per sweep point that has both a
/// `classic` and a `stapled` p50, e.g. `stapled saves 82.1 ms at p50 (-61%)`.
public enum ComparisonTable {
    /// The table and its verdicts as plain ASCII text.
    public static func render(_ summary: Summary) -> String {
        let swept = summary.rows.contains { !$0.sweepPoint.isEmpty }
        var header = ["mode", "handshakes", "connected", "soft-fail", "hard-fail", "error",
                      "p50 ms", "p90 ms", "p99 ms", "model ms", "gap ms", "responder req"]
        var alignments = [TextTable.Alignment.left] + Array(repeating: .right, count: header.count - 1)
        if swept {
            header.insert("sweep point", at: 0)
            alignments.insert(.left, at: 0)
        }
        var table = TextTable(header: header, alignments: alignments)
        for row in summary.rows {
            var cells = [row.mode, String(row.handshakes), String(row.connected), String(row.softFail),
                         String(row.hardFail), String(row.error), ms(row.p50Ms), ms(row.p90Ms), ms(row.p99Ms),
                         ms(row.modelMs), signed(row.gapMs), row.responderRequests.map { String($0) } ?? "-"]
            if swept { cells.insert(row.sweepPoint.isEmpty ? "-" : row.sweepPoint, at: 0) }
            table.append(cells)
        }
        let verdicts = self.verdicts(summary)
        return table.text + (verdicts.isEmpty ? "" : "\n" + verdicts.map { $0 + "\n" }.joined())
    }

    /// One line per sweep point with both a classic and a stapled p50, in first-appearance order.
    public static func verdicts(_ summary: Summary) -> [String] {
        var points: [String] = []
        for row in summary.rows where !points.contains(row.sweepPoint) { points.append(row.sweepPoint) }
        return points.compactMap { point in
            guard let classic = summary.row(sweepPoint: point, mode: "classic")?.p50Ms,
                  let stapled = summary.row(sweepPoint: point, mode: "stapled")?.p50Ms else { return nil }
            return (point.isEmpty ? "" : "\(point): ") + verdict(classic: classic, stapled: stapled)
        }
    }

    /// `stapled saves X ms at p50 (-P%)`, or `stapled costs X ms more at p50 (+P%)`.
    public static func verdict(classic: Double, stapled: Double) -> String {
        let difference = stapled - classic
        let amount = FixedPoint.string(difference.magnitude, decimals: 1) ?? "?"
        var percent = ""
        if classic > 0 {
            let value = FixedPoint.string((difference / classic * 100).magnitude, decimals: 0) ?? "?"
            percent = " (\(difference <= 0 ? "-" : "+")\(value)%)"
        }
        return difference <= 0 ? "stapled saves \(amount) ms at p50\(percent)"
                                : "stapled costs \(amount) ms more at p50\(percent)"
    }

    private static func ms(_ value: Double?) -> String {
        value.flatMap { FixedPoint.string($0, decimals: 1) } ?? "-"
    }

    private static func signed(_ value: Double?) -> String {
        guard let value, let text = FixedPoint.string(value, decimals: 1) else { return "-" }
        return text.hasPrefix("-") || text == "0.0" ? text : "+" + text
    }
}

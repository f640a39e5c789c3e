import StapleCore

/// The table printed after a run: per (sweep point, mode) counts, latency with its uncertainty,
/// the model and the gap, what failures cost, and what the responder learned.
///
/// Columns: sweep point (only when the run swept), mode, handshakes, connected, soft-fail,
/// hard-fail, error, p50 and p90 time to first byte each with its 95 % interval, p99, the model's
/// median over the same connections, the gap (median of the per-connection measured − model),
/// time to failure `p50/p90` of soft-fail, hard-fail and error handshakes, the (client, site)
/// pairs the responder learned of those visited (`5/5`, whole run), and the responder's request
/// count. Times in ms with one decimal; `-` where there is no value. Under the table, a legend,
/// then one verdict per sweep point with both a `classic` and a `stapled` median (see `verdict`).
/// Fitted to a width, the table splits into blocks that repeat the sweep point and mode columns;
/// when every sweep point sets the same fields, those blocks show only the values (`1ms`) under
/// a first line naming the fields (`sweep point: links.client-responder.rtt`).
public enum ComparisonTable {
    /// The column titles (without the sweep point column).
    public static let header = ["mode", "handshakes", "connected", "soft-fail", "hard-fail", "error",
                                "p50 ms", "p50 95% CI", "p90 ms", "p90 95% CI", "p99 ms", "model ms", "gap ms",
                                "soft-fail ms", "hard-fail ms", "error ms", "CA pairs", "responder req"]

    /// The lines under the table that say what the columns mean.
    public static let legend = [
        "model and gap: over the connections p50 is taken over; gap = median of (ttfb - model) per connection.",
        "soft-fail/hard-fail/error ms: time to failure, p50/p90. CA pairs: (client, site) pairs the",
        "responder learned / visited, whole run. \(Bootstrap.method).",
    ]

    /// The table, its legend and its verdicts as plain ASCII text, fitted to `width` columns
    /// (the default does not fit).
    public static func render(_ summary: Summary, width: Int = Int.max) -> String {
        let swept = summary.rows.contains { !$0.sweepPoint.isEmpty }
        var header = self.header
        var alignments = [TextTable.Alignment.left] + Array(repeating: .right, count: header.count - 1)
        if swept {
            header.insert("sweep point", at: 0)
            alignments.insert(.left, at: 0)
        }
        var table = TextTable(header: header, alignments: alignments)
        let fullWidth = Self.table(summary, header, alignments, swept, short: nil).text.split(separator: "\n").first?.count ?? 0
        let short = swept && fullWidth > width ? SweepLabels(summary.rows.map(\.sweepPoint)) : nil
        table = Self.table(summary, header, alignments, swept, short: short)
        var text = (short.map { "sweep point: \($0.fields)\n" } ?? "") + table.text(width: width, keyColumns: swept ? 2 : 1)
        let legend = LineWrap.wrap(self.legend.joined(separator: " "), width: width)
        text += "\n" + legend.map { $0 + "\n" }.joined()
        let verdicts = self.verdicts(summary).flatMap { LineWrap.wrap($0, width: width, indent: 2) }
        return text + (verdicts.isEmpty ? "" : "\n" + verdicts.map { $0 + "\n" }.joined())
    }

    private static func table(_ summary: Summary, _ header: [String], _ alignments: [TextTable.Alignment], _ swept: Bool,
                              short: SweepLabels?) -> TextTable {
        var table = TextTable(header: header, alignments: alignments)
        for row in summary.rows {
            var cells = [row.mode, String(row.handshakes), String(row.connected), String(row.softFail),
                         String(row.hardFail), String(row.error), ms(row.p50Ms), interval(row.p50Interval),
                         ms(row.p90Ms), interval(row.p90Interval), ms(row.p99Ms), ms(row.modelMs), signed(row.gapMs),
                         failure(row, .softFail), failure(row, .hardFail), failure(row, .error), pairs(row),
                         row.responderRequests.map { String($0) } ?? "-"]
            if swept {
                let label = short?.values[row.sweepPoint] ?? row.sweepPoint
                cells.insert(label.isEmpty ? "-" : label, at: 0)
            }
            table.append(cells)
        }
        return table
    }

    /// One line per sweep point with both a classic and a stapled median, in first-appearance order.
    public static func verdicts(_ summary: Summary) -> [String] {
        summary.comparisons.map { comparison in
            (comparison.sweepPoint.isEmpty ? "" : "\(comparison.sweepPoint): ") + verdict(comparison)
        }
    }

    /// `stapled saves X ms +/- H ms at p50 (95% CI L to U ms, -P%)`, `stapled costs X ms +/- H ms more
    /// at p50 (…)`, or, when the two medians' intervals overlap,
    /// `no measurable difference at p50 (classic C ms [L, U], stapled S ms [L, U])`.
    /// `H` is the larger distance from X to a bound of its (percentile-bootstrap, so possibly
    /// lopsided) interval: the whole interval lies within X +/- H (ASCII, like the whole table).
    public static func verdict(_ comparison: StaplingComparison) -> String {
        guard comparison.measurable else {
            return "no measurable difference at p50 (classic \(number(comparison.classicMs)) ms "
                + "\(interval(comparison.classicInterval)), stapled \(number(comparison.stapledMs)) ms "
                + "\(interval(comparison.stapledInterval)))"
        }
        let saving = comparison.savingMs
        let range = comparison.savingInterval.map { saving >= 0 ? ($0.lower, $0.upper) : (-$0.upper, -$0.lower) }
        let amount = saving.magnitude
        return verdict(classic: comparison.classicMs, stapled: comparison.stapledMs,
                       interval: range.map { "95% CI \(number($0.0)) to \(number($0.1)) ms" },
                       plusMinus: range.map { Swift.max(amount - $0.0, $0.1 - amount, 0) })
    }

    /// `stapled saves X ms at p50 (-P%)`, or `stapled costs X ms more at p50 (+P%)`; with `interval`,
    /// the interval text comes first inside the parentheses; with `plusMinus`, ` +/- H ms` follows X.
    public static func verdict(classic: Double, stapled: Double, interval: String? = nil, plusMinus: Double? = nil) -> String {
        let difference = stapled - classic
        let amount = (FixedPoint.string(difference.magnitude, decimals: 1) ?? "?")
            + (plusMinus.map { " ms +/- \(number($0))" } ?? "")
        var notes: [String] = interval.map { [$0] } ?? []
        if classic > 0 {
            let value = FixedPoint.string((difference / classic * 100).magnitude, decimals: 0) ?? "?"
            notes.append("\(difference <= 0 ? "-" : "+")\(value)%")
        }
        let tail = notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))"
        return difference <= 0 ? "stapled saves \(amount) ms at p50\(tail)"
                                : "stapled costs \(amount) ms more at p50\(tail)"
    }

    static func number(_ value: Double) -> String { FixedPoint.string(value, decimals: 1) ?? "?" }

    static func ms(_ value: Double?) -> String {
        value.flatMap { FixedPoint.string($0, decimals: 1) } ?? "-"
    }

    static func signed(_ value: Double?) -> String {
        guard let value, let text = FixedPoint.string(value, decimals: 1) else { return "-" }
        return text.hasPrefix("-") || text == "0.0" ? text : "+" + text
    }

    /// `[L, U]`, or `-`.
    static func interval(_ value: ConfidenceInterval?) -> String {
        guard let value else { return "-" }
        return "[\(number(value.lower)), \(number(value.upper))]"
    }

    /// `p50/p90` of an outcome's time to failure, or `-`.
    static func failure(_ row: SummaryRow, _ outcome: HandshakeRecord.Outcome) -> String {
        guard let p50 = row.failureMs(outcome, 50), let p90 = row.failureMs(outcome, 90) else { return "-" }
        return "\(number(p50))/\(number(p90))"
    }

    /// `learned/visited`, or `-`.
    static func pairs(_ row: SummaryRow) -> String {
        guard let visited = row.visitedPairs, let learned = row.responderPairs else { return "-" }
        return "\(learned)/\(visited)"
    }
}

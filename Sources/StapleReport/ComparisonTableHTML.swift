/// The comparison table (see `ComparisonTable`) as an HTML table, with its legend and verdicts.
public enum ComparisonTableHTML {
    /// The `<table>` element in a scrolling wrapper, a legend paragraph, then one paragraph per verdict.
    public static func render(_ summary: Summary, modes: [String]) -> String {
        guard !summary.rows.isEmpty else { return "<p>No handshakes were measured.</p>" }
        var header = ComparisonTable.header
        header[header.count - 1] = "responder requests"
        var html = table(summary, modes: modes, header: header) { row in
            [String(row.handshakes), String(row.connected), String(row.softFail),
             String(row.hardFail), String(row.error), ms(row.p50Ms),
             dash(ComparisonTable.interval(row.p50Interval)), ms(row.p90Ms),
             dash(ComparisonTable.interval(row.p90Interval)), ms(row.p99Ms), ms(row.modelMs),
             dash(ComparisonTable.signed(row.gapMs)),
             dash(ComparisonTable.failure(row, .softFail)),
             dash(ComparisonTable.failure(row, .hardFail)),
             dash(ComparisonTable.failure(row, .error)), dash(ComparisonTable.pairs(row)),
             row.responderRequests.map { String($0) } ?? "—"]
        }
        html += "<p class=\"legend\">\(HTMLText.escape(ComparisonTable.legend.joined(separator: " ")))</p>"
        for verdict in ComparisonTable.verdicts(summary) {
            html += "<p class=\"verdict\">\(HTMLText.escape(verdict))</p>"
        }
        return html
    }

    /// A summary's rows as a `<table>` in a scrolling wrapper: the sweep point (when swept), the
    /// mode with its colour swatch, then `numbers(row)` (escaped) under `header`.
    static func table(_ summary: Summary, modes: [String], header: [String], numbers: (SummaryRow) -> [String]) -> String {
        let swept = summary.rows.contains { !$0.sweepPoint.isEmpty }
        let header = swept ? ["sweep point"] + header : header
        var html = "<div class=\"scroll\"><table class=\"comparison\"><thead><tr>"
            + header.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in summary.rows {
            let color = ReportPalette.color(row.mode, among: modes)
            var cells = ["<td class=\"text\"><span class=\"swatch\" style=\"background:\(color)\"></span>"
                         + "\(HTMLText.escape(row.mode))</td>"]
            if swept { cells.insert("<td class=\"text\">\(HTMLText.escape(row.sweepPoint))</td>", at: 0) }
            cells += numbers(row).map { "<td>\(HTMLText.escape($0))</td>" }
            html += "<tr>" + cells.joined() + "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    private static func ms(_ value: Double?) -> String { dash(ComparisonTable.ms(value)) }

    private static func dash(_ text: String) -> String { text == "-" ? "—" : text }
}

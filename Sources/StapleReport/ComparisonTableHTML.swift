/// The comparison table (see `ComparisonTable`) as an HTML table, with its verdicts.
public enum ComparisonTableHTML {
    /// The `<table>` element in a scrolling wrapper, then one paragraph per verdict.
    public static func render(_ summary: Summary, modes: [String]) -> String {
        guard !summary.rows.isEmpty else { return "<p>No handshakes were measured.</p>" }
        let swept = summary.rows.contains { !$0.sweepPoint.isEmpty }
        var header = ["mode", "handshakes", "connected", "soft-fail", "hard-fail", "error", "p50 ms", "p90 ms",
                      "p99 ms", "model ms", "gap ms", "responder requests"]
        if swept { header.insert("sweep point", at: 0) }
        var html = "<div class=\"scroll\"><table class=\"comparison\"><thead><tr>"
            + header.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in summary.rows {
            let color = ReportPalette.color(row.mode, among: modes)
            var cells = ["<td class=\"text\"><span class=\"swatch\" style=\"background:\(color)\"></span>"
                         + "\(HTMLText.escape(row.mode))</td>"]
            if swept { cells.insert("<td class=\"text\">\(HTMLText.escape(row.sweepPoint))</td>", at: 0) }
            let numbers: [String] = [String(row.handshakes), String(row.connected), String(row.softFail),
                                     String(row.hardFail), String(row.error), ms(row.p50Ms), ms(row.p90Ms),
                                     ms(row.p99Ms), ms(row.modelMs), signed(row.gapMs),
                                     row.responderRequests.map { String($0) } ?? "—"]
            cells += numbers.map { "<td>\($0)</td>" }
            html += "<tr>" + cells.joined() + "</tr>"
        }
        html += "</tbody></table></div>"
        for verdict in ComparisonTable.verdicts(summary) {
            html += "<p class=\"verdict\">\(HTMLText.escape(verdict))</p>"
        }
        return html
    }

    private static func ms(_ value: Double?) -> String {
        value.flatMap { FixedPoint.string($0, decimals: 1) } ?? "—"
    }

    private static func signed(_ value: Double?) -> String {
        guard let value, let text = FixedPoint.string(value, decimals: 1) else { return "—" }
        return text.hasPrefix("-") || text == "0.0" ? text : "+" + text
    }
}

/// The privacy matrix as an HTML table: observers down, hostnames across, modes side by side.
///
/// Each hostname has one column per mode; a cell lists how the observer learned it and about
/// which clients (`sni` above `Alice 127.0.1.1 ×3`), or `—` when it did not. Cells where something
/// was learned carry the class `learned`.
public enum PrivacyMatrixTable {
    /// The `<table>` element (in a scrolling wrapper), or a sentence when nothing was observed.
    public static func render(_ ledgers: [PrivacyLedger], modes: [String], addressNames: [String: String]) -> String {
        let rows = ledgers.flatMap(\.rows)
        let (observers, labels) = PrivacyMatrix.observers(rows)
        guard !observers.isEmpty else { return "<p>No party observed any hostname.</p>" }
        let hosts = Array(Set(rows.map(\.hostname))).sorted()
        let shownModes = modes.filter { mode in ledgers.contains { $0.mode == mode } }

        var html = "<div class=\"scroll\"><table class=\"privacy\"><thead><tr><th rowspan=\"2\">observer</th>"
        for host in hosts {
            html += "<th colspan=\"\(shownModes.count)\" class=\"host\">\(HTMLText.escape(host))</th>"
        }
        html += "</tr><tr>"
        for _ in hosts {
            for mode in shownModes { html += "<th class=\"mode\">\(HTMLText.escape(mode))</th>" }
        }
        html += "</tr></thead><tbody>"
        for (party, label) in zip(observers, labels) {
            html += "<tr><th class=\"observer\">\(HTMLText.escape(label))</th>"
            for host in hosts {
                for mode in shownModes {
                    let facts = rows.filter { $0.observer == party && $0.hostname == host && $0.mode == mode }
                    html += facts.isEmpty ? "<td class=\"none\">—</td>" : "<td class=\"learned\">"
                        + facts.map { fact(HTMLText.escape($0.via.rawValue), $0, addressNames) }.joined(separator: "<br/>")
                        + "</td>"
                }
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    private static func fact(_ via: String, _ row: PrivacyRow, _ names: [String: String]) -> String {
        let who = names[row.clientAddress].map { "\($0) \(row.clientAddress)" } ?? row.clientAddress
        return "<span class=\"via\">\(via)</span><br/>\(HTMLText.escape(who))" + (row.count > 1 ? " ×\(row.count)" : "")
    }
}

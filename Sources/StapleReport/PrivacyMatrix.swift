import StapleCore

/// A compact terminal view of the privacy ledgers: per observer, what it learned under each mode.
///
/// One line per observer (in the ledger's role order), one column per mode (in the order the
/// ledgers are given), e.g.
/// `responder  classic: example.com (Alice 127.0.1.1)   stapled: example.com (server 127.0.0.3)`.
/// Each hostname is followed by the clients it was learned about, named through
/// `addressNames` when the address is known (`Alice 127.0.1.1`), else the bare address.
/// A CRL or push server's row shows the list asked for instead (`/crl/0.crl (StapleBench Test Intermediate CA)`).
/// An observer that learned nothing under a mode shows `-`. The observer is named as in
/// `privacy.csv`, followed by its name when several parties share that label (`client Alice`).
/// Warm-up facts count like any other (what an observer learned, it learned).
///
/// When a line would be wider than `width`, the whole matrix takes a stacked form: the observer
/// on its own line, then one line per mode indented by two, wrapped after a comma with the
/// continuation under the first hostname, so no name or address is ever cut.
public enum PrivacyMatrix {
    /// The matrix as text, each line ending with a newline, fitted to `width` (the default does not fit).
    public static func render(_ ledgers: [PrivacyLedger], addressNames: [String: String] = [:],
                              width: Int = Int.max) -> String {
        var modes: [String] = []
        for ledger in ledgers where !modes.contains(ledger.mode) { modes.append(ledger.mode) }
        let rows = ledgers.flatMap(\.rows)
        let (observers, labels) = self.observers(rows)
        guard !observers.isEmpty else { return "no party observed any hostname\n" }
        let cells = observers.map { party in
            modes.map { mode in
                "\(mode): " + learned(rows.filter { $0.observer == party && $0.mode == mode }, addressNames)
            }
        }
        let labelWidth = labels.map(\.count).max() ?? 0
        let cellWidths = modes.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        let wide = labelWidth + cellWidths.reduce(0, +) + 3 * Swift.max(0, modes.count - 1) + 2
        if wide > width {
            let modeWidth = (modes.map(\.count).max() ?? 0) + 2
            return observers.indices.map { index in
                labels[index] + "\n" + modes.indices.flatMap { column -> [String] in
                    let mode = modes[column] + ":"
                    let body = String(cells[index][column].dropFirst(modes[column].count + 2))
                    let text = "  " + mode.padding(to: modeWidth - 1) + " " + body
                    return LineWrap.wrap(text, width: width, indent: modeWidth + 2, after: ", ")
                }.map { $0 + "\n" }.joined()
            }.joined()
        }
        return observers.indices.map { index in
            var line = labels[index].padding(to: labelWidth)
            for column in modes.indices {
                line += (column == 0 ? "  " : "   ") + cells[index][column].padding(to: cellWidths[column])
            }
            return String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
        }.joined()
    }

    /// The observers of `rows` in the ledger's order, and their labels: the `privacy.csv`
    /// observer text, followed by the party's name when several parties share that text.
    static func observers(_ rows: [PrivacyRow]) -> (parties: [Party], labels: [String]) {
        var observers: [Party] = []
        for row in rows.sorted(by: PrivacyLedger.precedes) where !observers.contains(row.observer) {
            observers.append(row.observer)
        }
        let labels = observers.map { party -> String in
            let text = PrivacyRow.observerText(party)
            let shared = observers.filter { PrivacyRow.observerText($0) == text }.count > 1
            return shared ? "\(text) \(party.name)" : text
        }
        return (observers, labels)
    }

    /// `host (who, who), host2 (who)` for one observer under one mode, or `-`.
    static func learned(_ rows: [PrivacyRow], _ names: [String: String]) -> String {
        var hosts: [String] = []
        var clients: [String: [String]] = [:]
        for row in rows {
            let learned = row.learnedText
            if clients[learned] == nil { hosts.append(learned) }
            let who = names[row.clientAddress].map { "\($0) \(row.clientAddress)" } ?? row.clientAddress
            if !(clients[learned] ?? []).contains(who) { clients[learned, default: []].append(who) }
        }
        guard !hosts.isEmpty else { return "-" }
        return hosts.map { host in
            let who = (clients[host] ?? []).filter { !$0.isEmpty }
            return who.isEmpty ? host : "\(host) (\(who.joined(separator: ", ")))"
        }.joined(separator: ", ")
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

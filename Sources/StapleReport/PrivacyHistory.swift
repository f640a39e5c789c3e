import StapleCore

/// What each observer learned of the browsing history: distinct (client, site) pairs per mode,
/// over the whole run — warm-up included, every sweep point merged.
///
/// A pair is visited under a mode when any record of that mode (warm-up too) has that client
/// and site. An observer learned a pair when a `privacy.csv` row of that mode says it learned
/// the site's hostname about an address that a record of the mode gives to that client. Facts
/// about other addresses (the server's own staple fetch) are not anyone's visit and do not
/// count. Clients are left out (each knows its own history), and so are records without a client name.
public struct PrivacyHistory: Hashable, Sendable {
    /// One observer under one mode.
    public struct Entry: Hashable, Sendable {
        /// The observer.
        public var observer: Party
        /// Its label, as in the privacy matrix (`responder`, `tap:client-responder`, `server example.com`).
        public var label: String
        /// The mode.
        public var mode: String
        /// Distinct (client, site) pairs it learned.
        public var learned: Int
        /// Distinct (client, site) pairs visited under the mode.
        public var visited: Int
        /// What the observer served under the mode when all it learned were list requests:
        /// `CRL server` (`crl-request` rows only), `push server` (`push-request`), else nil.
        public var listServer: String?
    }

    /// The modes, in first-appearance order (records, then ledgers).
    public var modes: [String]
    /// Observers in the ledger's order, each with one entry per mode.
    public var entries: [Entry]
    private var visitedByMode: [String: Int]

    /// Counts the pairs of `records` (all of them, warm-up included) learned per `ledgers`' rows.
    public init(records: [HandshakeRecord], ledgers: [PrivacyLedger]) {
        var modes: [String] = []
        for mode in records.map(\.mode) + ledgers.map(\.mode) where !modes.contains(mode) { modes.append(mode) }
        var visited: [String: Set<Pair>] = [:]
        var names: [String: [String: String]] = [:]   // mode → address → client
        for record in records where !record.client.isEmpty {
            visited[record.mode, default: []].insert(Pair(client: record.client, site: record.site))
            if !record.clientAddress.isEmpty { names[record.mode, default: [:]][record.clientAddress] = record.client }
        }
        let rows = ledgers.flatMap(\.rows)
        let (observers, labels) = PrivacyMatrix.observers(rows)
        var entries: [Entry] = []
        for (party, label) in zip(observers, labels) where party.role != .client {
            for mode in modes {
                let known = visited[mode] ?? []
                var learned: Set<Pair> = []
                let own = rows.filter { $0.observer == party && $0.mode == mode }
                let channels = Set(own.map(\.via))
                let listServer = channels == [.crlRequest] ? "CRL server" : channels == [.pushRequest] ? "push server" : nil
                for row in own {
                    guard let client = names[mode]?[row.clientAddress] else { continue }
                    let pair = Pair(client: client, site: row.hostname)
                    if known.contains(pair) { learned.insert(pair) }
                }
                entries.append(Entry(observer: party, label: label, mode: mode, learned: learned.count, visited: known.count,
                                     listServer: listServer))
            }
        }
        self.modes = modes
        self.entries = entries
        visitedByMode = visited.mapValues(\.count)
    }

    /// Distinct (client, site) pairs visited under `mode`.
    public func visited(mode: String) -> Int { visitedByMode[mode] ?? 0 }

    /// The most pairs any observer of `role` learned under `mode` (0 when none learned any).
    public func learned(role: Party.Role, mode: String) -> Int {
        entries.filter { $0.observer.role == role && $0.mode == mode }.map(\.learned).max() ?? 0
    }

    /// One sentence per observer, e.g. `the responder learned 5 of 5 (client, site) pairs under classic, 0 of 5 under stapled`;
    /// a mode where it only served lists says so: `0 of 5 under crl (as the CRL server: which list, from whom)`.
    public var sentences: [String] {
        var labels: [String] = []
        for entry in entries where !labels.contains(entry.label) { labels.append(entry.label) }
        return labels.map { label in
            let parts = entries.filter { $0.label == label }.enumerated().map { index, entry in
                "\(entry.learned) of \(entry.visited)" + (index == 0 ? " (client, site) pairs" : "") + " under \(entry.mode)"
                    + (entry.listServer.map { " (as the \($0): which list, from whom)" } ?? "")
            }
            return "the \(label) learned " + parts.joined(separator: ", ")
        }
    }

    private struct Pair: Hashable {
        var client: String
        var site: String
    }
}

import StapleCore

/// The handshakes of a run folded into one row per (sweep point, mode).
///
/// Rows are in the order their group first appears in the records. Warm-up records are
/// left out of latency and counts. Latency statistics are over the time to first byte of
/// records that have one (connected and soft-fail handshakes); the model and the gap are over
/// the same records (the gap per connection: measured − that connection's model). The privacy
/// counts come from `history`, which spans the whole run, warm-up included.
public struct Summary: Hashable, Sendable {
    /// One row per group, in first-appearance order.
    public var rows: [SummaryRow]
    /// Classic against stapled, one per sweep point with both medians, in first-appearance order.
    public var comparisons: [StaplingComparison]
    /// Classic against stapled per client (sweep point, client name, comparison), when a run has
    /// between two and ``perClientLimit`` clients: a mode's median mixes their handshakes (a
    /// desktop and a phone: two clusters), so each client's own saving is told apart.
    public var clientComparisons: [ClientComparison] = []

    /// One client's classic against stapled at one sweep point.
    public struct ClientComparison: Hashable, Sendable {
        /// The client (instance) name.
        public var client: String
        /// Its own handshakes compared.
        public var comparison: StaplingComparison
    }

    /// The most clients whose comparisons are listed one by one.
    public static let perClientLimit = 6

    /// Folds `records`; `responderRequests` gives the responder's request count per group, and
    /// `revocation` the revocation columns per group.
    public init(records: [HandshakeRecord], responderRequests: [SummaryKey: Int] = [:], history: PrivacyHistory? = nil,
                revocation: [SummaryKey: RevocationFigures] = [:]) {
        var order: [SummaryKey] = []
        var groups: [SummaryKey: [HandshakeRecord]] = [:]
        for record in records where !record.warmup {
            let key = SummaryKey(sweepPoint: record.sweepPoint, mode: record.mode)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(record)
        }
        rows = order.map { key in
            Summary.row(groups[key] ?? [], key: key, responderRequests: responderRequests[key], history: history,
                        revocation: revocation[key] ?? RevocationFigures())
        }
        var points: [String] = []
        for row in rows where !points.contains(row.sweepPoint) { points.append(row.sweepPoint) }
        let rows = self.rows
        func find(_ point: String, _ mode: String) -> SummaryRow? {
            rows.first { $0.key == SummaryKey(sweepPoint: point, mode: mode) }
        }
        comparisons = points.compactMap { point in
            guard let classic = find(point, "classic"), let stapled = find(point, "stapled") else { return nil }
            return StaplingComparison(classic: classic, stapled: stapled)
        }
        var clients: [String] = []
        for record in records where !record.warmup && !clients.contains(record.client) { clients.append(record.client) }
        guard (2 ... Summary.perClientLimit).contains(clients.count) else { return }
        for comparison in comparisons {
            let mine = clients.compactMap { client -> ClientComparison? in
                func own(_ mode: String) -> SummaryRow {
                    let key = SummaryKey(sweepPoint: comparison.sweepPoint, mode: mode)
                    return Summary.row((groups[key] ?? []).filter { $0.client == client }, key: key)
                }
                return StaplingComparison(classic: own("classic"), stapled: own("stapled"))
                    .map { ClientComparison(client: client, comparison: $0) }
            }
            // One client alone would repeat the mode's own line.
            if mine.count >= 2 { clientComparisons += mine }
        }
    }

    /// One group's row: counts, latency, model and gap over the same timed records, time to failure.
    static func row(_ group: [HandshakeRecord], key: SummaryKey, responderRequests: Int? = nil,
                    history: PrivacyHistory? = nil, revocation: RevocationFigures = RevocationFigures()) -> SummaryRow {
        func count(_ outcome: HandshakeRecord.Outcome) -> Int { group.filter { $0.outcome == outcome }.count }
        let timed = group.filter { ($0.outcome == .connected || $0.outcome == .softFail) && $0.ttfbMs != nil }
        var failures: [HandshakeRecord.Outcome: Statistics] = [:]
        for outcome in [HandshakeRecord.Outcome.softFail, .hardFail, .error] {
            let times = group.filter { $0.outcome == outcome }
                .compactMap { outcome == .softFail ? ($0.ttfbMs ?? $0.durationMs) : $0.durationMs }
            if !times.isEmpty { failures[outcome] = Statistics(times) }
        }
        var row = SummaryRow(
            scenario: group.first?.scenario ?? "",
            key: key,
            handshakes: group.count,
            connected: count(.connected),
            softFail: count(.softFail),
            hardFail: count(.hardFail),
            error: count(.error),
            interrupted: count(.interrupted),
            stapled: group.filter(\.stapled).count,
            latency: Statistics(timed.compactMap(\.ttfbMs)),
            model: Statistics(timed.compactMap(\.modelMs)),
            gaps: Statistics(timed.compactMap { r in r.modelMs.flatMap { m in r.ttfbMs.map { $0 - m } } }),
            timeToFailure: failures,
            responderRequests: responderRequests,
            visitedPairs: history?.visited(mode: key.mode),
            responderPairs: history.map { $0.learned(role: .responder, mode: key.mode) }
        )
        row.revocation = revocation
        return row
    }

    /// The row of one group, if the records had any.
    public func row(sweepPoint: String = "", mode: String) -> SummaryRow? {
        rows.first { $0.key == SummaryKey(sweepPoint: sweepPoint, mode: mode) }
    }

    /// The comparison at one sweep point, if it has both a classic and a stapled median.
    public func comparison(sweepPoint: String = "") -> StaplingComparison? {
        comparisons.first { $0.sweepPoint == sweepPoint }
    }
}

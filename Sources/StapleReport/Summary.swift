import StapleCore

/// The handshakes of a run folded into one row per (sweep point, mode).
///
/// Rows are in the order their group first appears in the records. Warm-up records are
/// left out. Latency statistics are over the time to first byte of records that have one
/// (connected and soft-fail handshakes); `model_ms` is the median of the model's predictions.
public struct Summary: Hashable, Sendable {
    /// One row per group, in first-appearance order.
    public var rows: [SummaryRow]

    /// Folds `records`; `responderRequests` gives the responder's request count per group.
    public init(records: [HandshakeRecord], responderRequests: [SummaryKey: Int] = [:]) {
        var order: [SummaryKey] = []
        var groups: [SummaryKey: [HandshakeRecord]] = [:]
        for record in records where !record.warmup {
            let key = SummaryKey(sweepPoint: record.sweepPoint, mode: record.mode)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(record)
        }
        rows = order.map { key in
            let group = groups[key] ?? []
            func count(_ outcome: HandshakeRecord.Outcome) -> Int { group.filter { $0.outcome == outcome }.count }
            let timed = group.filter { $0.outcome == .connected || $0.outcome == .softFail }
            return SummaryRow(
                scenario: group.first?.scenario ?? "",
                key: key,
                handshakes: group.count,
                connected: count(.connected),
                softFail: count(.softFail),
                hardFail: count(.hardFail),
                error: count(.error),
                stapled: group.filter(\.stapled).count,
                latency: Statistics(timed.compactMap(\.ttfbMs)),
                modelMs: Statistics(group.compactMap(\.modelMs)).median,
                responderRequests: responderRequests[key]
            )
        }
    }

    /// The row of one group, if the records had any.
    public func row(sweepPoint: String = "", mode: String) -> SummaryRow? {
        rows.first { $0.key == SummaryKey(sweepPoint: sweepPoint, mode: mode) }
    }
}

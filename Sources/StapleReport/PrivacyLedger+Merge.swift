extension PrivacyLedger {
    /// This ledger with `other`'s rows added (the counts of equal rows summed, the order kept):
    /// a long run counts its observations piece by piece.
    public func merging(_ other: PrivacyLedger) -> PrivacyLedger {
        var counts: [PrivacyRow: (all: Int, warmup: Int)] = [:]
        for row in rows + other.rows {
            var key = row
            key.count = 0
            key.warmupCount = 0
            counts[key, default: (0, 0)].all += row.count
            counts[key, default: (0, 0)].warmup += row.warmupCount
        }
        var merged = self
        merged.rows = counts.map { key, count in
            var row = key
            row.count = count.all
            row.warmupCount = count.warmup
            return row
        }.sorted(by: Self.precedes)
        return merged
    }
}

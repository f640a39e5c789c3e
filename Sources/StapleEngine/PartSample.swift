import StapleCore
import StapleReport

/// What a part too long to keep whole kept in memory (see ``RunMemory``): exact counts, a
/// bounded uniform sample of its counted records, its first piece and one witness per visit.
public struct PartSample: Sendable {
    /// Counted connections per outcome (exact).
    public private(set) var outcomes: [HandshakeRecord.Outcome: Int] = [:]
    /// Counted connections that got a staple (exact).
    public private(set) var stapled = 0
    /// Counted connections seen (exact).
    public private(set) var counted = 0
    /// Attempts seen, warm-up included (exact).
    public private(set) var attempts = 0
    /// The uniform sample of the counted records, at most ``capacity``, in the order kept.
    public private(set) var kept: [HandshakeRecord] = []
    /// The first piece's records (warm-up included): the diagrams' connections, whose events
    /// are the part's ``ModeRun/events``.
    public var firstRecords: [HandshakeRecord] = []
    /// One record per distinct (client, site, client address), warm-up included, at most
    /// ``witnessLimit``: who visited what, for the privacy history.
    public private(set) var witnesses: [HandshakeRecord] = []
    /// The sample's size.
    public let capacity: Int
    /// The most witnesses kept.
    public static let witnessLimit = 10_000
    private var witnessKeys: Set<String> = []
    private var generator: SplitMix64

    /// An empty sample of `capacity` records, drawn with a generator seeded by `seed`.
    public init(capacity: Int, seed: UInt64) {
        self.capacity = max(1, capacity)
        self.generator = SplitMix64(seed: seed)
    }

    /// Counts `records` and keeps each counted one with probability `capacity / counted`
    /// (algorithm R): every counted record seen so far is in ``kept`` with the same chance.
    public mutating func add(_ records: [HandshakeRecord]) {
        for record in records {
            attempts += 1
            let key = "\(record.client)\u{1}\(record.site)\u{1}\(record.clientAddress)"
            if witnesses.count < Self.witnessLimit, witnessKeys.insert(key).inserted { witnesses.append(record) }
            guard !record.warmup else { continue }
            counted += 1
            outcomes[record.outcome, default: 0] += 1
            if record.stapled { stapled += 1 }
            if kept.count < capacity {
                kept.append(record)
            } else {
                let slot = generator.index(below: counted)
                if slot < capacity { kept[slot] = record }
            }
        }
    }

    /// `row` with the exact counts in place of the sample's.
    public func correcting(_ row: SummaryRow) -> SummaryRow {
        var row = row
        row.handshakes = counted
        row.connected = outcomes[.connected] ?? 0
        row.softFail = outcomes[.softFail] ?? 0
        row.hardFail = outcomes[.hardFail] ?? 0
        row.error = outcomes[.error] ?? 0
        row.interrupted = outcomes[.interrupted] ?? 0
        row.stapled = stapled
        return row
    }
}

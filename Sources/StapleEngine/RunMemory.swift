/// How much of a part a run keeps in memory (issue 12: a run's memory does not depend on its
/// handshake count).
///
/// A part of at most ``exactLimit`` attempts (warm-up included) is kept whole, as it always
/// was: every record, the whole trace, every responder request, folded once at the end, so its
/// files and statistics are exact. A longer part runs in pieces of ``piece(concurrency:)`` attempts: after
/// each piece (its connections all finished) the trace and the responder's log are taken and
/// folded, the rows are appended to `handshakes.csv`, `events.csv` and `responder.csv` at once,
/// and only bounded summaries stay: exact counts per outcome, the privacy rows' counts, the
/// first piece (records, events, responder rows) for the diagrams, one record per distinct
/// (client, site, address) for the privacy history, and a uniform reservoir sample of
/// ``reservoir`` counted records (Vitter's algorithm R, seeded by the scenario's seed) from
/// which the percentiles, their bootstrap intervals and the CDF chart are computed.
public struct RunMemory: Hashable, Sendable {
    /// The most attempts of a part kept whole (default 10,000).
    public var exactLimit: Int
    /// Attempts per piece of a longer part (default 100), at least twice the concurrency (see
    /// ``piece(concurrency:)``).
    public var piece: Int
    /// Counted records a longer part keeps as its uniform sample (default 10,000).
    public var reservoir: Int

    /// The default bounds, or others (a test makes them small); each at least 1.
    public init(exactLimit: Int = 10_000, piece: Int = 100, reservoir: Int = 10_000) {
        self.exactLimit = max(1, exactLimit)
        self.piece = max(1, piece)
        self.reservoir = max(1, reservoir)
    }

    /// Attempts per piece at `concurrency` connections in flight: ``piece``, or twice the
    /// concurrency when that is more (every connection of a piece ends before the next piece
    /// starts, so a piece smaller than that would hold the concurrency down).
    public func piece(concurrency: Int) -> Int { max(piece, 2 * concurrency) }

    /// Whether a part of `attempts` attempts runs in pieces.
    public func streams(attempts: Int) -> Bool { attempts > exactLimit }
}

/// Where a run stands, for a progress indicator.
public struct RunProgress: Sendable {
    /// What the run is doing.
    public enum Phase: String, Sendable {
        /// Starting the actors of a mode (PKI, resolver, responder, server, links).
        case starting
        /// Running connections.
        case running
        /// Stopping the actors of a mode.
        case stopping
        /// The part is folded into records and kept (the last report of a part).
        case finished
    }

    /// The scenario's name.
    public var scenario: String
    /// 1-based index of this (sweep point, mode) part in the serial order. With `--parallel`
    /// several parts report at once, each with its own index.
    public var part: Int
    /// How many parts the run has.
    public var parts: Int
    /// The sweep point's label (empty without a sweep).
    public var sweepPoint: String
    /// The mode.
    public var mode: String
    /// What it is doing.
    public var phase: Phase
    /// Connections finished in this part.
    public var done: Int
    /// Connections planned in this part.
    public var total: Int
    /// Failed connections so far in this part (hard-fail or error).
    public var failed: Int
    /// Connections of this part started and not finished yet.
    public var inFlight = 0
    /// With `--precision`, once the part is done: whether the precision was reached and with
    /// how many handshakes (``PrecisionOutcome/sentence``).
    public var precision: String?
}

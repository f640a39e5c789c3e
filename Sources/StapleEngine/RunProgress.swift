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
    }

    /// The scenario's name.
    public var scenario: String
    /// 1-based index of the current (sweep point, mode) part, and how many there are.
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
}

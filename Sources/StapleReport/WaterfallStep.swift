/// One message of a handshake drawn to time scale: sent at `timeMs` from one lane, and received
/// at `arrivalMs` on another (a slanted arrow: the time it spent on the link is its slope).
public struct WaterfallStep: Hashable, Sendable {
    /// When it was sent, ms since the handshake started.
    public var timeMs: Double
    /// When it reached the other lane, ms since the handshake started; `nil` for a step known at
    /// one instant only (drawn level), and for a message the link discarded.
    public var arrivalMs: Double?
    /// The sending lane's label (a party).
    public var from: String
    /// The receiving lane's label (the same as `from` for something a party does alone: a phase
    /// from `timeMs` to `arrivalMs`, or a point without `arrivalMs`).
    public var to: String
    /// What happened (`ClientHello`, `OCSP request`, …).
    public var label: String

    /// Makes a step.
    public init(timeMs: Double, arrivalMs: Double? = nil, from: String, to: String, label: String) {
        self.timeMs = timeMs
        self.arrivalMs = arrivalMs
        self.from = from
        self.to = to
        self.label = label
    }

    /// The latest instant the step reaches (its arrival, else its time).
    public var endMs: Double { max(timeMs, arrivalMs ?? timeMs) }
}

/// One message of a handshake drawn to time scale: sent at `timeMs` from one lane to another.
public struct WaterfallStep: Hashable, Sendable {
    /// When it happened, ms since the handshake started.
    public var timeMs: Double
    /// The sending lane's label (a party).
    public var from: String
    /// The receiving lane's label (the same as `from` for something a party does alone).
    public var to: String
    /// What happened (`ClientHello`, `OCSP request`, …).
    public var label: String

    /// Makes a step.
    public init(timeMs: Double, from: String, to: String, label: String) {
        self.timeMs = timeMs
        self.from = from
        self.to = to
        self.label = label
    }
}

/// Identifies one group of the summary: a sweep point and a mode.
public struct SummaryKey: Hashable, Sendable {
    /// The sweep point (empty without a sweep).
    public var sweepPoint: String
    /// The mode (`classic`, `stapled`, …).
    public var mode: String

    /// Makes a key.
    public init(sweepPoint: String = "", mode: String) {
        self.sweepPoint = sweepPoint
        self.mode = mode
    }
}

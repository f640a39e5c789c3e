/// How `run --precision` ended for one part: whether every p50/p90 interval got narrower than
/// asked, with how many counted handshakes, and the widest interval at the end.
public struct PrecisionOutcome: Codable, Hashable, Sendable {
    /// The part's sweep point (empty without a sweep).
    public var sweepPoint: String
    /// The part's mode.
    public var mode: String
    /// The width asked for, ms.
    public var targetMs: Double
    /// Whether every interval ended narrower than ``targetMs``.
    public var reached: Bool
    /// Counted handshakes made.
    public var handshakes: Int
    /// The widest p50/p90 95 % interval at the end, ms (nil below two timed handshakes).
    public var widestMs: Double?

    /// Makes an outcome.
    public init(sweepPoint: String = "", mode: String = "", targetMs: Double, reached: Bool, handshakes: Int, widestMs: Double?) {
        self.sweepPoint = sweepPoint
        self.mode = mode
        self.targetMs = targetMs
        self.reached = reached
        self.handshakes = handshakes
        self.widestMs = widestMs
    }

    enum CodingKeys: String, CodingKey {
        case sweepPoint = "sweep_point", mode, targetMs = "target_ms", reached, handshakes, widestMs = "widest_ms"
    }

    /// For the progress line: `precision 1 ms reached at 320 handshakes (widest 0.84 ms)`.
    public var sentence: String {
        let widest = widestMs.map { String(format: " (widest %.2f ms)", $0) } ?? " (no interval)"
        return String(format: "precision %g ms ", targetMs)
            + (reached ? "reached at \(handshakes) handshakes" : "NOT reached by the bound, \(handshakes) handshakes") + widest
    }
}

/// What the counted handshakes of one simulated part did: outcomes and latency histograms.
public struct PartStats: Sendable {
    /// Counted handshakes.
    public private(set) var handshakes = 0
    /// Connected with a status (or without a check, as the mode and profile say).
    public private(set) var connected = 0
    /// Connected without a status.
    public private(set) var softFail = 0
    /// Refused because of the status.
    public private(set) var hardFail = 0
    /// Handshakes that carried a staple.
    public private(set) var stapled = 0
    /// Time to first byte (connected and soft-fail): the delay model plus CPU costs, ms.
    public private(set) var latency = LatencyHistogram()
    /// The delay model alone over the same handshakes, ms.
    public private(set) var model = LatencyHistogram()

    /// No handshakes yet.
    public init() {}

    /// Counts one handshake.
    mutating func add(outcome: SimulationCore.Outcome, stapled carried: Bool, ms: Double, modelMs: Double) {
        handshakes += 1
        if carried { stapled += 1 }
        switch outcome {
        case .connected: connected += 1
        case .softFail: softFail += 1
        case .hardFail: hardFail += 1
        }
        if outcome != .hardFail {
            latency.add(ms)
            model.add(modelMs)
        }
    }
}

import StapleEngine

/// Everything a simulation counted.
public struct SimulationResult: Sendable {
    /// The scenario simulated (overrides applied).
    public var scenario: Scenario
    /// The population, or nil when the scenario's own workload was replayed.
    public var population: Scenario.Simulation?
    /// The parts, in order.
    public var parts: [SimulationPart]
    /// Wall time, seconds.
    public var wallSeconds: Double
    /// Peak resident memory of the process, MB.
    public var peakResidentMB: Double

    /// Every handshake simulated.
    public var visits: Int { parts.reduce(0) { $0 + $1.visits } }
    /// Handshakes simulated per second of wall time.
    public var visitsPerSecond: Double { wallSeconds > 0 ? Double(visits) / wallSeconds : 0 }
}

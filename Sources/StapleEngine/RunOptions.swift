import StapleCore

/// What a `staplebench run` invocation changes or adds to the scenario file.
public struct RunOptions: Sendable {
    /// Where the run folder goes (default: `Results/SCENARIO/UTC-TIMESTAMP`).
    public var outputDirectory: String?
    /// Overrides `workload.handshakes`.
    public var handshakes: Int?
    /// Overrides `workload.concurrency`.
    public var concurrency: Int?
    /// Overrides `seed`.
    public var seed: UInt64?
    /// Whether the trace is recorded (the throughput benchmark turns it off).
    public var recordTrace: Bool
    /// The command line, for `meta.json`.
    public var commandLine: [String]

    /// Makes options.
    public init(outputDirectory: String? = nil, handshakes: Int? = nil, concurrency: Int? = nil, seed: UInt64? = nil,
                recordTrace: Bool = true, commandLine: [String] = []) {
        self.outputDirectory = outputDirectory
        self.handshakes = handshakes
        self.concurrency = concurrency
        self.seed = seed
        self.recordTrace = recordTrace
        self.commandLine = commandLine
    }

    /// The scenario with these overrides applied.
    public func applied(to scenario: Scenario) -> Scenario {
        var result = scenario
        if let handshakes { result.workload.handshakes = handshakes }
        if let concurrency { result.workload.concurrency = concurrency }
        if let seed { result.seed = seed }
        return result
    }
}

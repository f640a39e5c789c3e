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
    /// How many (sweep point, mode) parts run at once; nil picks ``defaultParallel(parts:concurrency:cores:)``.
    public var parallel: Int?

    /// How much of a part is kept in memory (see ``RunMemory``).
    public var memory: RunMemory
    /// `--precision` and `--max-handshakes` (nil: the workload's handshakes, once).
    public var precision: PrecisionGoal?

    /// Makes options.
    public init(outputDirectory: String? = nil, handshakes: Int? = nil, concurrency: Int? = nil, seed: UInt64? = nil,
                recordTrace: Bool = true, commandLine: [String] = [], parallel: Int? = nil,
                memory: RunMemory = RunMemory(), precision: PrecisionGoal? = nil) {
        self.memory = memory
        self.precision = precision
        self.outputDirectory = outputDirectory
        self.handshakes = handshakes
        self.concurrency = concurrency
        self.seed = seed
        self.recordTrace = recordTrace
        self.commandLine = commandLine
        self.parallel = parallel
    }

    /// The range `--parallel` accepts.
    public static let parallelRange = 1...64

    /// How many connections in flight, summed over the parts running at once, the default
    /// `--parallel` allows per core.
    public static let connectionsPerCore = 64

    /// The default number of parts at once: `min(parts, 4 × cores, 64 × cores ÷ concurrency)`,
    /// at least 1 — the parts mostly wait on their links' delays, so a few per core keep the
    /// cores far from busy, and the summed in-flight connections stay within 64 per core.
    /// Parts with nginx or Apache run one at a time (each is a set of processes).
    public static func defaultParallel(parts: Int, concurrency: Int, cores: Int, externalServer: Bool = false) -> Int {
        guard !externalServer else { return 1 }
        let cores = max(1, cores)
        return max(1, min(parts, 4 * cores, connectionsPerCore * cores / max(1, concurrency)))
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

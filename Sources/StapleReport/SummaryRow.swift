import StapleCore

/// One line of `summary.csv`: the handshakes of one (sweep point, mode), counted and measured.
public struct SummaryRow: Hashable, Sendable {
    /// Scenario name.
    public var scenario: String
    /// Which sweep point and mode.
    public var key: SummaryKey
    /// Handshakes measured (warm-up excluded).
    public var handshakes: Int
    /// Handshakes whose outcome is `connected`.
    public var connected: Int
    /// Handshakes that soft-failed (connected without a status).
    public var softFail: Int
    /// Handshakes refused because of the certificate status.
    public var hardFail: Int
    /// Handshakes that failed for another reason.
    public var error: Int
    /// Handshakes cut by an interruption of the run (Ctrl-C): neither a success nor a failure.
    public var interrupted: Int
    /// Handshakes that carried a staple.
    public var stapled: Int
    /// Time to first byte of the handshakes that have one (connected and soft-fail), ms.
    public var latency: Statistics
    /// The model's prediction over the same handshakes as `latency` (those with a time to first byte), ms.
    public var model: Statistics
    /// Per connection, measured time to first byte minus that connection's model, ms (same handshakes).
    public var gaps: Statistics
    /// Time to failure per failed outcome, ms: a soft-fail's time to first byte (what the user
    /// waited before the client carried on), a hard-fail's or an error's attempt start to end.
    public var timeToFailure: [HandshakeRecord.Outcome: Statistics]
    /// Requests the responder logged for this group, when the caller knows.
    public var responderRequests: Int?
    /// 95 % bootstrap intervals for the p50 and p90 of `latency` (see `Bootstrap`).
    public var p50Interval: ConfidenceInterval?
    /// See `p50Interval`.
    public var p90Interval: ConfidenceInterval?
    /// Distinct (client, site) pairs visited under this mode over the whole run (warm-up and every sweep point).
    public var visitedPairs: Int?
    /// How many of `visitedPairs` the OCSP responder (the CA) learned under this mode over the whole run.
    public var responderPairs: Int?
    /// Exposure window, revocation bytes per handshake and CA requests, when the caller knows.
    public var revocation = RevocationFigures()

    /// Makes a row; the intervals are bootstrapped from `latency`.
    public init(scenario: String, key: SummaryKey, handshakes: Int, connected: Int, softFail: Int,
                hardFail: Int, error: Int, interrupted: Int = 0, stapled: Int, latency: Statistics, model: Statistics = Statistics([]),
                gaps: Statistics = Statistics([]), timeToFailure: [HandshakeRecord.Outcome: Statistics] = [:],
                responderRequests: Int?, visitedPairs: Int? = nil, responderPairs: Int? = nil) {
        self.scenario = scenario
        self.key = key
        self.handshakes = handshakes
        self.connected = connected
        self.softFail = softFail
        self.hardFail = hardFail
        self.error = error
        self.interrupted = interrupted
        self.stapled = stapled
        self.latency = latency
        self.model = model
        self.gaps = gaps
        self.timeToFailure = timeToFailure
        self.responderRequests = responderRequests
        self.visitedPairs = visitedPairs
        self.responderPairs = responderPairs
        let intervals = Bootstrap.percentileIntervals(latency, [50, 90])
        p50Interval = intervals[0]
        p90Interval = intervals[1]
    }

    /// Sweep point (empty without a sweep).
    public var sweepPoint: String { key.sweepPoint }
    /// Mode.
    public var mode: String { key.mode }
    /// Every handshake that did not connect (soft-fail, hard-fail and error; not the interrupted).
    public var failed: Int { softFail + hardFail + error }
    /// Median time to first byte, ms.
    public var p50Ms: Double? { latency.percentile(50) }
    /// 90th percentile time to first byte, ms.
    public var p90Ms: Double? { latency.percentile(90) }
    /// 99th percentile time to first byte, ms.
    public var p99Ms: Double? { latency.percentile(99) }
    /// The median of the model's prediction over the handshakes `p50Ms` is taken over, ms.
    public var modelMs: Double? { model.median }
    /// The median of the per-connection gaps (measured − that connection's model), ms: what the delays do not explain.
    public var gapMs: Double? { gaps.median }
    /// Time-to-first-byte samples outside Tukey's fences (see `Statistics`).
    public var outliers: Int { latency.outliers.count }

    /// The `p`-th percentile of the time to failure of `outcome` (soft-fail, hard-fail, error), ms.
    public func failureMs(_ outcome: HandshakeRecord.Outcome, _ p: Double) -> Double? {
        timeToFailure[outcome]?.percentile(p)
    }
}

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
    /// Handshakes that carried a staple.
    public var stapled: Int
    /// Time to first byte of the handshakes that have one (connected and soft-fail), ms.
    public var latency: Statistics
    /// The median of the model's prediction, ms.
    public var modelMs: Double?
    /// Requests the responder logged for this group, when the caller knows.
    public var responderRequests: Int?

    /// Makes a row.
    public init(scenario: String, key: SummaryKey, handshakes: Int, connected: Int, softFail: Int,
                hardFail: Int, error: Int, stapled: Int, latency: Statistics, modelMs: Double?,
                responderRequests: Int?) {
        self.scenario = scenario
        self.key = key
        self.handshakes = handshakes
        self.connected = connected
        self.softFail = softFail
        self.hardFail = hardFail
        self.error = error
        self.stapled = stapled
        self.latency = latency
        self.modelMs = modelMs
        self.responderRequests = responderRequests
    }

    /// Sweep point (empty without a sweep).
    public var sweepPoint: String { key.sweepPoint }
    /// Mode.
    public var mode: String { key.mode }
    /// Every handshake that did not connect (soft-fail, hard-fail and error).
    public var failed: Int { handshakes - connected }
    /// Median time to first byte, ms.
    public var p50Ms: Double? { latency.percentile(50) }
    /// 90th percentile time to first byte, ms.
    public var p90Ms: Double? { latency.percentile(90) }
    /// 99th percentile time to first byte, ms.
    public var p99Ms: Double? { latency.percentile(99) }
    /// Measured median minus the model's prediction, ms: what the delays do not explain.
    public var gapMs: Double? {
        guard let p50Ms, let modelMs else { return nil }
        return p50Ms - modelMs
    }
    /// Time-to-first-byte samples outside Tukey's fences (see `Statistics`).
    public var outliers: Int { latency.outliers.count }
}

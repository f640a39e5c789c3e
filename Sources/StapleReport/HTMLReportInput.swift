/// Everything `HTMLReport` draws: the data of one run, already folded.
public struct HTMLReportInput: Hashable, Sendable {
    /// Scenario name (the page's title).
    public var scenario: String
    /// The run's metadata, when known (shown under the title).
    public var meta: RunMeta?
    /// The per-(sweep point, mode) summary (comparison table, CDFs, sweep chart).
    public var summary: Summary
    /// One representative handshake per mode.
    public var waterfalls: [Waterfall]
    /// What the sweep varied; `nil` without a sweep (no sweep chart).
    public var sweepAxis: SweepAxis?
    /// The privacy ledgers, one per mode.
    public var ledgers: [PrivacyLedger]
    /// Names for addresses in the privacy matrix (`127.0.1.1` → `Alice`).
    public var addressNames: [String: String]
    /// The responder's requests (load over time).
    public var responderLog: [ResponderLogEntry]
    /// The (client, site) pairs each observer learned over the whole run, when known.
    public var history: PrivacyHistory?

    /// Makes an input.
    public init(scenario: String, meta: RunMeta? = nil, summary: Summary, waterfalls: [Waterfall] = [],
                sweepAxis: SweepAxis? = nil, ledgers: [PrivacyLedger] = [], addressNames: [String: String] = [:],
                responderLog: [ResponderLogEntry] = [], history: PrivacyHistory? = nil) {
        self.scenario = scenario
        self.meta = meta
        self.summary = summary
        self.waterfalls = waterfalls
        self.sweepAxis = sweepAxis
        self.ledgers = ledgers
        self.addressNames = addressNames
        self.responderLog = responderLog
        self.history = history
    }

    /// Every mode, in the order it first appears in the summary, then in the ledgers and waterfalls.
    public var modes: [String] {
        var modes: [String] = []
        for mode in summary.rows.map(\.mode) + ledgers.map(\.mode) + waterfalls.map(\.mode)
            + responderLog.map(\.mode) where !modes.contains(mode) {
            modes.append(mode)
        }
        return modes
    }
}

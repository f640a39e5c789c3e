/// One request the OCSP responder logged: who asked, how, about which site, and what it answered.
public struct ResponderLogEntry: Hashable, Sendable, Codable {
    /// Scenario name.
    public var scenario: String
    /// The sweep point (empty without a sweep).
    public var sweepPoint: String
    /// The mode the request was made under.
    public var mode: String
    /// When the request arrived, ms since the run started.
    public var timeMs: Double
    /// The requester's address (a client under classic OCSP, the server when stapling).
    public var requesterAddress: String
    /// The HTTP method (`GET` or `POST`).
    public var method: String
    /// The hostname of the certificate asked about (empty when the serial was unknown).
    public var hostname: String
    /// The answer: `good`, `revoked`, `unknown`, or an HTTP error (`malformed`, `503`, …).
    public var status: String
    /// Size of the response body, bytes.
    public var bytes: Int

    /// Makes an entry.
    public init(scenario: String, sweepPoint: String = "", mode: String, timeMs: Double,
                requesterAddress: String, method: String, hostname: String, status: String, bytes: Int) {
        self.scenario = scenario
        self.sweepPoint = sweepPoint
        self.mode = mode
        self.timeMs = timeMs
        self.requesterAddress = requesterAddress
        self.method = method
        self.hostname = hostname
        self.status = status
        self.bytes = bytes
    }
}

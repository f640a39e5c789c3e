/// One client connection, folded from the trace: its phases, its outcome and what it cost.
///
/// One row of `handshakes.csv`. Phase times are milliseconds on the run's monotonic
/// clock; `nil` means the phase did not happen (no DNS lookup, no OCSP fetch).
public struct HandshakeRecord: Hashable, Sendable, Codable {
    /// How a connection ended, as the client experienced it.
    public enum Outcome: String, Hashable, Sendable, Codable, CaseIterable {
        /// The client got its first response byte with a good (or unchecked) certificate status.
        case connected
        /// The status could not be established and the client carried on anyway.
        case softFail = "soft-fail"
        /// The client refused the connection because of the certificate status.
        case hardFail = "hard-fail"
        /// Something else went wrong (network, TLS, timeout of the whole attempt).
        case error
        /// The run was interrupted (Ctrl-C) while the attempt was in flight: not the network's fault.
        case interrupted
    }

    /// Scenario name.
    public var scenario: String
    /// The sweep point (`links.client-server.rtt=20ms`), or empty without a sweep.
    public var sweepPoint: String
    /// The compared mode (`none`, `classic`, `stapled`, …).
    public var mode: String
    /// Client name (`Alice`).
    public var client: String
    /// The site's hostname.
    public var site: String
    /// Sequence number within (sweep point, mode), from 0.
    public var seq: Int
    /// Whether this was a warm-up connection (not counted in summaries).
    public var warmup: Bool
    /// Start of the attempt, ms since the run started.
    public var startedMs: Double
    /// DNS lookup of the site, ms.
    public var dnsMs: Double?
    /// TCP connect (including the link's emulated handshake), ms.
    public var tcpMs: Double?
    /// TLS handshake (ClientHello to handshake complete, including any paused OCSP check), ms.
    public var tlsMs: Double?
    /// The client's own OCSP work: responder DNS, connect, HTTP exchange, ms.
    public var ocspMs: Double?
    /// The client's certificate-status verification (staple or fetched response), ms.
    public var verifyMs: Double?
    /// Time to first byte: start of the attempt to the first response byte, ms.
    public var ttfbMs: Double?
    /// What the delays alone predict for this connection, ms.
    public var modelMs: Double?
    /// End of the attempt (the client's `attemptEnd`), ms since the run started; `nil` when not recorded.
    public var endedMs: Double?
    /// The negotiated TLS version (`TLSv1.3`, `TLSv1.2`), or empty when the handshake never got that far.
    public var tlsVersion: String = ""
    /// Where each phase of the row was read (`dns=client tcp=wire tls=wire ttfb=client`): `client`,
    /// the built-in client's own events; `wire`, the front door's wire events; `door`, a real
    /// program's own doors (it has no events of its own). Only the phases the row has; empty
    /// when not known (a folder written before this column existed).
    public var phaseSources: String = ""
    /// When the attempt ended on the mode's policy clock, scenario seconds since the mode
    /// started (for the exposure window); nil when not known (a record read from a CSV).
    public var scenarioTimeS: Double?
    /// Bytes of revocation data the client downloaded in this attempt (OCSP response and CRL
    /// bodies); nil when not known.
    public var revocationBytes: Int?
    /// Whether the server stapled a response.
    public var stapled: Bool
    /// The certificate status the client settled on (`good`, `revoked`, `unknown`, `none`, or why it was rejected).
    public var ocspStatus: String
    /// How the attempt ended.
    public var outcome: Outcome
    /// What went wrong, if anything.
    public var error: String
    /// The client's source address.
    public var clientAddress: String
    /// The connection this record was folded from.
    public var connection: ConnectionID

    /// Makes a record.
    public init(scenario: String, sweepPoint: String = "", mode: String, client: String, site: String,
                seq: Int, warmup: Bool = false, startedMs: Double, dnsMs: Double? = nil, tcpMs: Double? = nil,
                tlsMs: Double? = nil, ocspMs: Double? = nil, verifyMs: Double? = nil, ttfbMs: Double? = nil,
                modelMs: Double? = nil, stapled: Bool = false, ocspStatus: String = "none",
                outcome: Outcome, error: String = "", clientAddress: String = "",
                connection: ConnectionID = .none, endedMs: Double? = nil) {
        self.scenario = scenario
        self.sweepPoint = sweepPoint
        self.mode = mode
        self.client = client
        self.site = site
        self.seq = seq
        self.warmup = warmup
        self.startedMs = startedMs
        self.dnsMs = dnsMs
        self.tcpMs = tcpMs
        self.tlsMs = tlsMs
        self.ocspMs = ocspMs
        self.verifyMs = verifyMs
        self.ttfbMs = ttfbMs
        self.modelMs = modelMs
        self.stapled = stapled
        self.ocspStatus = ocspStatus
        self.outcome = outcome
        self.error = error
        self.clientAddress = clientAddress
        self.connection = connection
        self.endedMs = endedMs
    }

    /// Start of the attempt to its end, ms: how long the client spent on it, whatever the outcome.
    public var durationMs: Double? {
        guard let endedMs, endedMs >= startedMs else { return nil }
        return endedMs - startedMs
    }
}

import StapleCore
import StaplePKI

/// How the CA's OCSP responder behaves.
public struct ResponderConfig: Sendable {
    /// The party name in traces (`ocsp`).
    public var name: String
    /// The loopback address it listens on.
    public var host: String
    /// The port (0: ephemeral).
    public var port: Int
    /// What it answers for.
    public var authorities: [OCSPAuthority]
    /// The status of each hostname it issued for (missing: good).
    public var statuses: [String: CertStatus]
    /// Processing delay before each answer.
    public var processingDelay: Delay
    /// nextUpdate − thisUpdate of its responses (nil: no nextUpdate).
    public var validity: Delay?
    /// `Cache-Control: max-age` (nil: until nextUpdate).
    public var maxAge: Delay?
    /// Misbehaviour windows.
    public var outages: [ResponderOutage]

    /// Makes a configuration.
    public init(name: String = "ocsp", host: String, port: Int = 0, authorities: [OCSPAuthority],
                statuses: [String: CertStatus] = [:], processingDelay: Delay = .zero,
                validity: Delay? = .seconds(7 * 86_400), maxAge: Delay? = nil, outages: [ResponderOutage] = []) {
        self.name = name
        self.host = host
        self.port = port
        self.authorities = authorities
        self.statuses = statuses
        self.processingDelay = processingDelay
        self.validity = validity
        self.maxAge = maxAge
        self.outages = outages
    }
}

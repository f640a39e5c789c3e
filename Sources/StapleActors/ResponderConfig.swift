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
    /// Certificates the CA revokes during the run: hostname → the revocation (its time, Unix
    /// seconds on the policy clock, and its reason). Before that time the hostname is good;
    /// from it on, revoked (over `statuses`).
    public var revocations: [String: CertStatus]
    /// Processing delay before each answer.
    public var processingDelay: Delay
    /// nextUpdate − thisUpdate of its responses (nil: no nextUpdate).
    public var validity: Delay?
    /// `Cache-Control: max-age` (nil: until nextUpdate).
    public var maxAge: Delay?
    /// Misbehaviour windows.
    public var outages: [ResponderOutage]
    /// Longest request URI it reads (default 8192 bytes): a longer GET gets `414 URI Too Long`
    /// and the connection is closed. The whole request head (URI and headers) is bounded by
    /// this plus ``maxHeaderBytes``.
    public var maxURILength: Int
    /// Bytes of header lines allowed after the request line (default 16384): more gets
    /// `431 Request Header Fields Too Large` and the connection is closed.
    public var maxHeaderBytes: Int
    /// How long a request may take to arrive once its first byte is in (default 10 s): a
    /// partial request or a slow sender is cut off (connection closed) after it.
    public var readTimeout: Delay
    /// How long a kept-alive connection may sit with no request (default 30 s) before it is closed.
    /// A request being answered (also one a `hang` outage never answers) is not idle.
    public var idleTimeout: Delay
    /// Connections open at once (default 1024): one more is accepted and closed at once,
    /// so the responder never runs out of file descriptors.
    public var maxConnections: Int
    /// Keep every request in ``ResponderActor/requests`` (a run reads them all per part).
    /// Off (the default, for `serve`): only the last ``logCapacity`` are kept, while the
    /// counts (``ResponderActor/requestCount``) still cover every request.
    public var keepLog: Bool
    /// Requests kept when ``keepLog`` is off (default 10,000; about 1 KB each).
    public var logCapacity: Int
    /// The CRLs it also serves (`GET /crl/N.crl`), if any.
    public var crl: CRLPublication?

    /// Makes a configuration.
    public init(name: String = "ocsp", host: String, port: Int = 0, authorities: [OCSPAuthority],
                statuses: [String: CertStatus] = [:], revocations: [String: CertStatus] = [:], processingDelay: Delay = .zero,
                validity: Delay? = .seconds(7 * 86_400), maxAge: Delay? = nil, outages: [ResponderOutage] = [],
                maxURILength: Int = 8192, maxHeaderBytes: Int = 16384, readTimeout: Delay = .seconds(10),
                idleTimeout: Delay = .seconds(30), maxConnections: Int = 1024, keepLog: Bool = false,
                logCapacity: Int = 10_000, crl: CRLPublication? = nil) {
        self.name = name
        self.host = host
        self.port = port
        self.authorities = authorities
        self.statuses = statuses
        self.revocations = revocations
        self.processingDelay = processingDelay
        self.validity = validity
        self.maxAge = maxAge
        self.outages = outages
        self.maxURILength = max(1, maxURILength)
        self.maxHeaderBytes = max(0, maxHeaderBytes)
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = max(1, maxConnections)
        self.keepLog = keepLog
        self.logCapacity = max(1, logCapacity)
        self.crl = crl
    }
}

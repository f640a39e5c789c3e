import StapleCore
import StaplePKI
import StapleTLS

/// A TLS server for one or more sites, with the explainer's stapling levers.
public struct ServerConfig: Sendable {
    /// The party name in traces (usually the first site's hostname).
    public var name: String
    /// The loopback address it listens on (and fetches from).
    public var host: String
    /// The port (0: ephemeral).
    public var port: Int
    /// The PKI its certificates come from (sites, their issuers, the trust anchor for verification).
    public var pki: TestPKI
    /// The hostnames it serves (each must have a certificate in `pki`).
    public var sites: [String]
    /// TLS versions offered.
    public var versions: ClosedRange<TLSVersion>
    /// Lever 1: staple at all (`ssl_stapling on` / `SSLUseStapling On`).
    public var stapling: Bool
    /// Lever: verify a fetched response before stapling it (`ssl_stapling_verify on`).
    public var verify: Bool
    /// Lever: responder URL override (`ssl_stapling_responder`); nil uses the certificate's AIA URL.
    public var responderURL: String?
    /// Cache and refresh behaviour.
    public var policy: StaplingPolicy
    /// Worker processes, each with its own cache under the `lazy` policy.
    public var workers: Int
    /// `lazy`: how long a background fetch may take (nginx: 60 s).
    public var fetchTimeout: Delay
    /// `blocking`: how long a handshake waits for the responder (`SSLStaplingResponderTimeout`, 10 s).
    public var responderTimeout: Delay
    /// `lazy`: no new fetch this long after a failed one (nginx: 300 s, scenario time).
    public var retryAfterFailure: Delay
    /// `proactive`: where responses are kept across restarts (nil: memory only).
    public var cacheDirectory: String?
    /// Allowed clock skew when checking a response's dates.
    public var skew: Delay
    /// How long a TLS handshake may take from the accept (default 10 s); a `blocking` server
    /// adds its ``responderTimeout``, since its handshakes wait for the responder. Then the
    /// connection is closed.
    public var handshakeTimeout: Delay
    /// How long the HTTP request head may take to arrive after the handshake (default 10 s).
    public var readTimeout: Delay
    /// How long an open TLS connection may stay silent before its request is in (default 30 s).
    public var idleTimeout: Delay
    /// Bytes of request head read at most (default 8192): a longer one gets `431`.
    public var maxHeadBytes: Int
    /// Connections open at once (default 1024): one more is accepted and closed at once.
    public var maxConnections: Int

    /// Makes a configuration with the real servers' defaults.
    public init(name: String? = nil, host: String, port: Int = 0, pki: TestPKI, sites: [String]? = nil,
                versions: ClosedRange<TLSVersion> = .tls12 ... .tls13, stapling: Bool = true, verify: Bool = true,
                responderURL: String? = nil, policy: StaplingPolicy = .lazy, workers: Int = 1,
                fetchTimeout: Delay = ServerDefaults.fetchTimeout, responderTimeout: Delay = ServerDefaults.responderTimeout,
                retryAfterFailure: Delay = ServerDefaults.retryAfterFailure, cacheDirectory: String? = nil,
                skew: Delay = ServerDefaults.skew,
                handshakeTimeout: Delay = .seconds(10), readTimeout: Delay = .seconds(10), idleTimeout: Delay = .seconds(30),
                maxHeadBytes: Int = 8192, maxConnections: Int = 1024) {
        let sites = sites ?? pki.leaves.map(\.host)
        self.name = name ?? sites.first ?? "server"
        self.host = host
        self.port = port
        self.pki = pki
        self.sites = sites
        self.versions = versions
        self.stapling = stapling
        self.verify = verify
        self.responderURL = responderURL
        self.policy = policy
        self.workers = max(1, workers)
        self.fetchTimeout = fetchTimeout
        self.responderTimeout = responderTimeout
        self.retryAfterFailure = retryAfterFailure
        self.cacheDirectory = cacheDirectory
        self.skew = skew
        self.handshakeTimeout = handshakeTimeout
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.maxHeadBytes = max(1, maxHeadBytes)
        self.maxConnections = max(1, maxConnections)
    }
}

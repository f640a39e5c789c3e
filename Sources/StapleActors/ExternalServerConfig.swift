import StapleCore
import StapleTLS

/// The levers of a real server (nginx or Apache httpd) playing the server actor, from which
/// ``NginxConfigWriter`` and ``ApacheConfigWriter`` write a private configuration file.
///
/// Every file the server touches lives in ``workingDirectory`` (see ``ExternalServerPaths``);
/// it listens only on ``host`` (a 127.0.0.0/8 address) and answers every request with a
/// tiny `200 ok`, one request per connection (keep-alive off, like the built-in server).
///
/// ## How the real servers staple, measured against the built-in policies
///
/// nginx 1.22 is the model of the built-in `lazy` policy, Apache 2.4 of `blocking`
/// (issue 3). What the tests in `NginxStaplingTests` and `ApacheStaplingTests` observe
/// on Debian 12 (nginx 1.22.1, Apache 2.4.71 with OpenSSL 3.0), and where it differs:
///
/// **nginx (`lazy`)**
/// - The first handshake a worker serves gets no staple and starts a fetch in the
///   background (one GET with the request base64-encoded in the path); handshakes that
///   arrive while it runs get no staple and start no second fetch; once it arrived
///   (a few ms after the first handshake with an instant responder), every handshake of that
///   worker is stapled from memory without asking again. Same as `lazy`.
/// - Each worker process has its own cache and fetches for itself: with `workers = 2`,
///   two fetches and two unstapled handshakes. Same as `lazy`'s cache per worker.
/// - After a failed fetch (refused, HTTP error, tryLater, a response it cannot verify)
///   nginx does not ask again for 300 s, even once the responder is back. Same as `lazy`.
///   (The tests watch a few seconds of it: nginx's clock is real time, it cannot be scaled
///   by the scenario clock; neither can its 60 s fetch timeout or its hourly refresh.)
/// - A `revoked` (or `unknown`) answer is never stapled and counts as a failed fetch: no new
///   fetch for 300 s either. Same as `lazy`.
/// - A good response is stapled until its nextUpdate and refreshed, again only when a
///   handshake finds the refresh time passed, at max(min(nextUpdate − 5 min, now + 1 h),
///   now + 5 min) (nginx's source; too long for a test).
/// - nginx looks for the response's signer only in the certificate file's chain and in the
///   response itself, never in ``trustedCertificatePath``, even with ``verify`` off: a leaf
///   issued straight by a root whose responses are signed by that root without embedding it
///   is never stapled ("signer certificate not found"). Serve an intermediate in the
///   certificate file, or sign with a delegated signer. The built-in server has no such limit.
/// - With ``verify`` on, a delegated signer carried in the response must chain to
///   ``trustedCertificatePath``; with it off nginx staples what it cannot check.
/// - nginx needs the issuer to build its request: from the certificate file's chain or from
///   ``trustedCertificatePath`` (otherwise `"ssl_stapling" ignored, issuer certificate not
///   found` and no stapling at all). A responder URL with a hostname needs ``resolver``.
///
/// **Apache httpd (`blocking`)**
/// - A handshake that finds no usable cached response fetches inside the handshake (one
///   POST), so the first handshake is stapled and slowed by the responder's delay (500 ms
///   delay: first handshake 0.54 s, the next ones 2–3 ms). Same as `blocking`.
/// - The cache is one shared-memory cache for all child processes, and one global mutex
///   serialises fetches: five concurrent first handshakes all waited for one fetch and all
///   got its staple. `blocking` coalesces the same way.
/// - When the fetch fails (refused: at once; hang: after ``responderTimeout``) Apache
///   staples a bare `tryLater` OCSPResponse it made up (`SSLStaplingFakeTryLater`, on by
///   default). Same as `blocking`. But it caches that made-up tryLater as if it were a
///   good response — for ``standardCacheTimeout`` (default 3600 s), not for
///   ``errorCacheTimeout`` — so an hour of handshakes get tryLater without a new fetch, even
///   after the responder recovered. `blocking` keeps it the same way.
/// - An error status the responder really sent (tryLater, internalError) is stapled and kept for
///   ``errorCacheTimeout`` (default 600 s), then fetched again inside a handshake.
/// - A good response is kept for ``standardCacheTimeout``, not until its nextUpdate.
/// - A `revoked` answer is stapled, cached like a good one, whatever
///   ``returnResponderErrors`` says (mod_ssl logs it and staples it). Same as `blocking`.
/// - ``returnResponderErrors`` off withholds only error statuses the responder sent; the
///   made-up tryLater is still stapled, and is then never served from the cache: with the
///   responder hanging, every handshake fetches again and waits ``responderTimeout``.
/// - mod_ssl does not check the response's signature before stapling (``verify`` has no
///   Apache directive); it checks the status, the CertID and the times only.
public struct ExternalServerConfig: Hashable, Sendable {
    /// One TLS site (a name-based virtual host chosen by SNI; the first is the default).
    public struct Site: Hashable, Sendable {
        /// The hostname (`server_name`, `ServerName`).
        public var hostname: String
        /// PEM file: the leaf certificate, then its chain (as `TestPKI.write(to:)` writes `HOST.pem`).
        public var certificatePath: String
        /// PEM file: the private key.
        public var keyPath: String

        /// Makes a site.
        public init(hostname: String, certificatePath: String, keyPath: String) {
            self.hostname = hostname
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }

        /// The site `host` as `TestPKI.write(to: directory)` laid it out (`HOST.pem`, `HOST.key`).
        public static func pki(_ directory: String, host: String) -> Site {
            Site(hostname: host, certificatePath: "\(directory)/\(host).pem", keyPath: "\(directory)/\(host).key")
        }
    }

    /// Which server.
    public var kind: ExternalServerKind
    /// The loopback address it listens on (127.0.0.0/8 only).
    public var host: String
    /// The port; 0 picks a free one when the server starts.
    public var port: Int
    /// The sites it serves.
    public var sites: [Site]
    /// Whether it staples (nginx `ssl_stapling`, Apache `SSLUseStapling`).
    public var stapling: Bool
    /// The TLS versions it accepts, lowest to highest (nginx `ssl_protocols`, Apache
    /// `SSLProtocol -all +…`): both servers are told explicitly, because their own defaults
    /// differ (nginx 1.22's default, `TLSv1 TLSv1.1 TLSv1.2`, has no TLS 1.3; Apache's
    /// offers 1.3 whatever a scenario asks).
    public var tlsVersions: ClosedRange<TLSVersion>
    /// Whether it verifies a response before stapling it (nginx `ssl_stapling_verify`;
    /// Apache has no such switch and never verifies the signature).
    public var verify: Bool
    /// The responder URL to use instead of the certificate's AIA URL (nginx
    /// `ssl_stapling_responder`, Apache `SSLStaplingForceURL`); `http://` only.
    public var responderURL: String?
    /// PEM file of the CA certificates used to find the issuer and verify responses
    /// (nginx `ssl_trusted_certificate`, Apache `SSLCACertificateFile`).
    public var trustedCertificatePath: String?
    /// Worker processes (nginx `worker_processes`; Apache `StartServers`/`ServerLimit` of
    /// the event MPM — Apache's stapling cache is shared, so it does not change stapling).
    public var workers: Int
    /// The DNS server nginx asks for the responder's hostname, `address:port` (nginx
    /// `resolver`); nil: none (an IP address in the URL needs none). Apache uses the system resolver.
    public var resolver: String?
    /// How long Apache waits for the responder (`SSLStaplingResponderTimeout`, whole
    /// seconds, at least 1); nil: Apache's default, 10 s. nginx's 60 s cannot be changed.
    public var responderTimeout: Delay?
    /// Whether Apache staples responses that are not `good` — error statuses, revoked,
    /// unknown (`SSLStaplingReturnResponderErrors`, Apache's default on).
    public var returnResponderErrors: Bool
    /// How long Apache keeps a failed fetch's response (`SSLStaplingErrorCacheTimeout`);
    /// nil: Apache's default, 600 s.
    public var errorCacheTimeout: Delay?
    /// How long Apache keeps a good response (`SSLStaplingStandardCacheTimeout`);
    /// nil: Apache's default, 3600 s.
    public var standardCacheTimeout: Delay?
    /// Size in bytes of Apache's shared-memory stapling cache (`SSLStaplingCache shmcb`).
    /// nginx keeps one response per certificate per worker in memory and has no such size.
    public var stapleCacheBytes: Int
    /// The private working folder (absolute); created if missing.
    public var workingDirectory: String
    /// A folder (its keys, say) removed by the server's watchdog if StapleBench ends without
    /// stopping the server — killed by SIGKILL, say — after the server's process group is killed.
    public var removedIfAbandoned: String? = nil
    /// The user and group worker processes run as when started by root (nginx `user`,
    /// Apache `User`/`Group`). Apache refuses to run its children as root.
    public var user: String
    /// See ``user``.
    public var group: String
    /// Where to look for the program (`nginx`, `apache2`), in order.
    public var programSearchPath: [String]
    /// Apache's module folder (Debian's).
    public var apacheModules: String
    /// How long ``ExternalServer/start()`` waits for the port to accept connections.
    public var startTimeout: Delay
    /// How long ``ExternalServer/stop()`` waits after SIGTERM before SIGKILL to the process group.
    /// nginx exits at once (its OCSP fetch is asynchronous); an Apache child stuck in a stapling
    /// fetch to a hanging responder ignores SIGTERM, and Apache's parent only escalates to
    /// SIGKILL itself after about 10 s — so with a hung responder, stopping Apache takes this long.
    public var stopGrace: Delay

    /// Debian's folders for programs, in the order a root shell searches them.
    public static let defaultSearchPath = ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"]
    /// Where Debian's apache2 package puts its modules.
    public static let debianApacheModules = "/usr/lib/apache2/modules"

    /// Makes a configuration; the defaults are the servers' own defaults, except keep-alive (off).
    public init(kind: ExternalServerKind, host: String, port: Int = 0, sites: [Site], stapling: Bool = true,
                tlsVersions: ClosedRange<TLSVersion> = .tls12 ... .tls13, verify: Bool = true, responderURL: String? = nil, trustedCertificatePath: String? = nil,
                workers: Int = 1, resolver: String? = nil, responderTimeout: Delay? = nil,
                returnResponderErrors: Bool = true, errorCacheTimeout: Delay? = nil,
                standardCacheTimeout: Delay? = nil, stapleCacheBytes: Int = 128 * 1024,
                workingDirectory: String, user: String = "www-data", group: String = "www-data",
                programSearchPath: [String] = ExternalServerConfig.defaultSearchPath,
                apacheModules: String = ExternalServerConfig.debianApacheModules,
                startTimeout: Delay = .seconds(10), stopGrace: Delay = .seconds(5)) {
        self.kind = kind
        self.host = host
        self.port = port
        self.sites = sites
        self.stapling = stapling
        self.tlsVersions = tlsVersions
        self.verify = verify
        self.responderURL = responderURL
        self.trustedCertificatePath = trustedCertificatePath
        self.workers = workers
        self.resolver = resolver
        self.responderTimeout = responderTimeout
        self.returnResponderErrors = returnResponderErrors
        self.errorCacheTimeout = errorCacheTimeout
        self.standardCacheTimeout = standardCacheTimeout
        self.stapleCacheBytes = stapleCacheBytes
        self.workingDirectory = workingDirectory
        self.user = user
        self.group = group
        self.programSearchPath = programSearchPath
        self.apacheModules = apacheModules
        self.startTimeout = startTimeout
        self.stopGrace = stopGrace
    }

    /// The TLS version names both servers use (`TLSv1.2 TLSv1.3`), lowest first.
    public var tlsProtocolNames: [String] {
        TLSVersion.allCases.filter { tlsVersions.contains($0) }.sorted().map(\.description)
    }

    /// The layout of ``workingDirectory``.
    public var paths: ExternalServerPaths { ExternalServerPaths(root: workingDirectory, kind: kind) }

    /// Checks what the config writers rely on; throws the first problem, naming the field.
    public func validate() throws(ExternalServerError) {
        func bad(_ field: String, _ reason: String) -> ExternalServerError { .invalidConfig(field: field, reason: reason) }
        guard IPv4Text.isLoopback(host) else {
            throw bad("host", "\"\(host)\" is not a 127.0.0.0/8 address; StapleBench only listens on loopback (e.g. 127.0.0.20)")
        }
        guard (0...65_535).contains(port) else { throw bad("port", "\(port) is not a TCP port (0 picks a free one)") }
        guard !sites.isEmpty else { throw bad("sites", "no site; give at least one (hostname, certificate, key)") }
        var seen: Set<String> = []
        for site in sites {
            guard HostName.isValid(site.hostname.lowercased()) else {
                throw bad("sites.hostname", "\"\(site.hostname)\" is not a hostname (letters, digits, '.', '-')")
            }
            guard seen.insert(site.hostname.lowercased()).inserted else {
                throw bad("sites.hostname", "\"\(site.hostname)\" appears twice")
            }
            for (field, path) in [("sites.certificatePath", site.certificatePath), ("sites.keyPath", site.keyPath)] {
                guard ExternalServerConfig.isSafePath(path) else { throw bad(field, ExternalServerConfig.pathRule(path)) }
            }
        }
        if let responderURL {
            guard responderURL.hasPrefix("http://"), !responderURL.contains(where: { $0 == "\"" || $0 == " " || $0 == ";" }) else {
                throw bad("responderURL", "\"\(responderURL)\" is not an http:// URL (both servers fetch OCSP over plain HTTP)")
            }
        }
        if let trustedCertificatePath, !ExternalServerConfig.isSafePath(trustedCertificatePath) {
            throw bad("trustedCertificatePath", ExternalServerConfig.pathRule(trustedCertificatePath))
        }
        guard (1...64).contains(workers) else { throw bad("workers", "\(workers) is not between 1 and 64") }
        if let resolver {
            let parts = resolver.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, IPv4Text.isLoopback(String(parts[0])),
                  let port = Int(parts[1]), (1...65_535).contains(port) else {
                throw bad("resolver", "\"\(resolver)\" is not a loopback address:port (e.g. 127.0.0.53:5353)")
            }
        }
        if let responderTimeout, responderTimeout.seconds <= 0 {
            throw bad("responderTimeout", "\(responderTimeout) is not positive")
        }
        guard stapleCacheBytes >= 8 * 1024 else {
            throw bad("stapleCacheBytes", "\(stapleCacheBytes) bytes is too small for Apache's shmcb cache (at least 8192)")
        }
        guard ExternalServerConfig.isSafePath(workingDirectory) else {
            throw bad("workingDirectory", ExternalServerConfig.pathRule(workingDirectory))
        }
        for (field, name) in [("user", user), ("group", group)] where !ExternalServerConfig.isPlainWord(name) {
            throw bad(field, "\"\(name)\" is not a user or group name")
        }
        guard startTimeout.seconds > 0 else { throw bad("startTimeout", "\(startTimeout) is not positive") }
        guard stopGrace.seconds >= 0 else { throw bad("stopGrace", "\(stopGrace) is negative") }
    }

    /// Letters, digits, `.`, `-`, `_` only: safe to write unquoted into either config language.
    static func isPlainWord(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
    }

    /// An absolute path without quotes, spaces, `;`, `$`, braces or control characters,
    /// so it reads the same in nginx's and Apache's config languages.
    static func isSafePath(_ path: String) -> Bool {
        path.hasPrefix("/") && path.allSatisfy { character in
            character.isASCII && !character.isWhitespace
                && !["\"", "'", ";", "$", "{", "}", "#", "\\", "(", ")"].contains(character)
                && character.asciiValue.map { $0 >= 0x20 && $0 != 0x7F } == true
        }
    }

    static func pathRule(_ path: String) -> String {
        "\"\(path)\" must be an absolute path without spaces, quotes or any of ; $ { } # \\ ( )"
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOCore
import NIOPosix
import StapleCore
import Synchronization

/// A real TLS client program (curl, gnutls-cli, Chromium) as a client of the run: one process per visit,
/// behind the same front doors as a built-in client, identifiable by its own address.
///
/// Its own doors listen on its address — the site's and the responder's on their front doors'
/// ports, DNS on port 53 — and splice to the shared front doors from that address. The program
/// runs in its own mount namespace (`unshare -m`) with a private `resolv.conf` naming its DNS
/// door, so its lookups reach the resolver actor, which answers its own address for the sites
/// and the responder: every byte it sends crosses its door, then the front door, as that client.
///
/// The visit's timeline comes from its doors (see ``RealClientVisit``), its outcome from the
/// program's exit status and messages. Each run is bounded by the attempt timeout, after which
/// its process group is killed by PID; a watchdog kills it too should StapleBench itself die.
public final class RealClient: SiteClient {
    /// The configuration.
    public let config: RealClientConfig
    private let executable: String
    private let unshare: String
    private let trace: Trace
    private let group: any EventLoopGroup
    private let visits = RealClientVisits()
    private let turns = RealClientTurns()
    private let doors: [RealClientDoor]
    private let dnsDoor: RealClientDNSDoor
    private let ports: (site: Int, responder: Int)

    /// The client's name.
    public var name: String { config.name }
    /// The party this client is in traces.
    public var party: Party { .client(config.name) }

    /// Makes a client whose doors lead to the given front doors (start them with ``start()``).
    ///
    /// Throws ``RealClientError`` when the program, `unshare` or `mount` is missing.
    public init(config: RealClientConfig, siteFront: SocketAddress, responderFront: SocketAddress,
                resolverFront: SocketAddress, trace: Trace,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws(RealClientError) {
        guard let executable = config.program.locate() else {
            throw .programMissing(config.program, searched: RealClientProgram.searchPath)
        }
        guard let unshare = RealClient.unsharePath else {
            throw .namespaceUnavailable(reason: "unshare or mount is not installed (apt-get install util-linux mount)")
        }
        guard geteuid() == 0 else { throw .namespaceUnavailable(reason: "run as root (as CI does)") }
        self.config = config
        self.executable = executable
        self.unshare = unshare
        self.trace = trace
        self.group = group
        ports = (siteFront.port ?? 0, responderFront.port ?? 0)
        doors = [RealClientDoor(role: .site, source: config.address, upstream: siteFront, visits: visits, group: group),
                 RealClientDoor(role: .responder, source: config.address, upstream: responderFront, visits: visits, group: group)]
        dnsDoor = RealClientDNSDoor(source: config.address, upstream: resolverFront, visits: visits, group: group)
    }

    /// `unshare`, when it and `mount` are installed.
    public static var unsharePath: String? {
        let unshare = ["/usr/bin/unshare", "/bin/unshare"].first(where: ExternalFiles.isExecutable)
        let mount = ["/usr/bin/mount", "/bin/mount"].first(where: ExternalFiles.isExecutable)
        return mount == nil ? nil : unshare
    }

    /// Writes its files and opens its doors.
    public func start() async throws {
        do {
            try ExternalFiles.makeDirectory(config.folder, mode: 0o700)
            try ExternalFiles.makeDirectory(config.folder + "/home", mode: 0o700)
            try ExternalFiles.write("nameserver \(config.address)\noptions attempts:1 timeout:5\n", to: resolvConf)
        } catch {
            throw RealClientError.setupFailed("\(config.folder): \(error)")
        }
        if config.program == .chromium { try await makeTrustStore(in: home + "/.pki/nssdb") }
        if config.program == .firefox { try await makeFirefoxTemplate() }
        do {
            _ = try await doors[0].start(port: ports.site)
            _ = try await doors[1].start(port: ports.responder)
            _ = try await dnsDoor.start(port: 53)
        } catch let error as RealClientError {
            await stop()
            throw error
        } catch {
            await stop()
            throw RealClientError.doorFailed(address: config.address, reason: "\(error)")
        }
    }

    /// Ends a kept browser and closes its doors.
    public func stop() async {
        await endKeptFirefox()
        for door in doors { await door.stop() }
        await dnsDoor.stop()
    }

    private var resolvConf: String { config.folder + "/resolv.conf" }
    /// The program's HOME: Chromium reads its trust store from `$HOME/.pki/nssdb`.
    private var home: String { config.folder + "/home" }

    /// NSS's `certutil` (libnss3-tools), which makes Chromium's trust store, when installed.
    public static var certutilPath: String? {
        ["/usr/bin/certutil", "/bin/certutil"].first(where: ExternalFiles.isExecutable)
    }

    /// Chromium's or Firefox's trust store: an NSS database trusting the run's root (`certutil`, libnss3-tools).
    private func makeTrustStore(in database: String) async throws {
        guard let certutil = RealClient.certutilPath else {
            throw RealClientError.helperMissing(tool: "certutil", package: "libnss3-tools")
        }
        do {
            try ExternalFiles.makeDirectory(database, mode: 0o700)
        } catch {
            throw RealClientError.setupFailed("\(database): \(error)")
        }
        for arguments in [["-d", "sql:" + database, "-N", "--empty-password"],
                          ["-d", "sql:" + database, "-A", "-t", "C,,", "-n", "staplebench-root", "-i", config.caFile]] {
            let (status, output) = try await ExternalProcess.run(certutil, arguments: arguments, environment: ["PATH": "/usr/bin:/bin"],
                                                                 outputPath: config.folder + "/certutil.log", timeout: 20)
            guard status == .exited(0) else {
                throw RealClientError.setupFailed("certutil \(arguments.joined(separator: " ")): \(status): \(output.prefix(300))")
            }
        }
    }

    /// The profile every Firefox visit starts from (copied fresh per visit): the run's root in
    /// its NSS database, Marionette on a port of its choosing, and no background traffic.
    private var firefoxTemplate: String { config.folder + "/firefox-profile" }

    /// Preferences of the Firefox profile: defaults for OCSP and stapling (security.OCSP.enabled
    /// 1, stapling on); Marionette on a free port; updates, telemetry, Safe Browsing, captive
    /// portal checks and DNS over HTTPS off, so that what it looks up and fetches is the visit's.
    /// TLS session resumption is off (`security.ssl.disable_session_identifiers`), so that a kept
    /// browser makes a full handshake, with its certificate check, on every visit: what its OCSP
    /// cache saves is then measured, not hidden behind a resumed session.
    static let firefoxPreferences = [
        "marionette.port": "0", "browser.shell.checkDefaultBrowser": "false", "app.update.enabled": "false",
        "app.update.auto": "false", "app.normandy.enabled": "false", "datareporting.policy.dataSubmissionEnabled": "false",
        "datareporting.healthreport.uploadEnabled": "false", "toolkit.telemetry.enabled": "false",
        "network.captive-portal-service.enabled": "false", "network.connectivity-service.enabled": "false",
        "browser.safebrowsing.malware.enabled": "false", "browser.safebrowsing.phishing.enabled": "false",
        "browser.safebrowsing.downloads.enabled": "false", "extensions.update.enabled": "false", "network.trr.mode": "5",
        "browser.startup.page": "0", "browser.newtabpage.enabled": "false", "network.predictor.enabled": "false",
        "network.dns.disablePrefetch": "true", "network.http.speculative-parallel-limit": "0",
        "extensions.getAddons.cache.enabled": "false", "browser.topsites.contile.enabled": "false",
        "services.settings.server": "\"http://127.0.0.1:9/\"", "browser.aboutwelcome.enabled": "false",
        "security.ssl.disable_session_identifiers": "true",
    ]

    private func makeFirefoxTemplate() async throws {
        try await makeTrustStore(in: firefoxTemplate)
        let prefs = RealClient.firefoxPreferences.sorted { $0.key < $1.key }
            .map { "user_pref(\"\($0.key)\", \($0.value));" }.joined(separator: "\n") + "\n"
        do {
            try ExternalFiles.write(prefs, to: firefoxTemplate + "/user.js")
        } catch {
            throw RealClientError.setupFailed("\(firefoxTemplate)/user.js: \(error)")
        }
    }

    /// A Firefox kept for every visit of a part (`keepsBrowser`): its process, its Marionette
    /// session and its profile. Used by one visit at a time (the client's turns), under `kept`'s lock.
    private final class KeptFirefox {
        let process: ExternalProcess
        let marionette: RealClientMarionette
        let profile: String

        init(process: ExternalProcess, marionette: RealClientMarionette, profile: String) {
            self.process = process
            self.marionette = marionette
            self.profile = profile
        }
    }

    private let kept = Mutex<KeptFirefox?>(nil)
    /// What a visit's own check learned per site (`good`, `revoked`): a kept Firefox that later
    /// loads or refuses the site without asking answered from its OCSP cache.
    private let learned = Mutex<[String: String]>([:])

    /// Firefox started on `profile`, in its own mount namespace as every program.
    private func spawnFirefox(arguments: [String], outputPath: String) throws -> ExternalProcess {
        let script = "mount --bind \"$1\" /etc/resolv.conf && shift && exec \"$@\""
        return try ExternalProcess.spawn(unshare, arguments: ["-m", "--", "/bin/sh", "-c", script, "sh", resolvConf,
                                                               executable] + arguments,
                                         environment: ["PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C"],
                                         outputPath: outputPath, diesWithParent: true)
    }

    /// A Marionette session with the Firefox running on `profile` (blocking, until `deadline`).
    private static func openSession(profile: String, deadline: Instant) throws -> RealClientMarionette {
        // Firefox writes the port it chose into the profile once Marionette listens.
        let portFile = profile + "/MarionetteActivePort"
        var port: Int?
        while port == nil && Instant.now() < deadline {
            port = ExternalFiles.read(portFile).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if port == nil { usleep(20_000) }
        }
        guard let port else { throw RealClientError.setupFailed("Firefox did not open Marionette in time") }
        let marionette = try RealClientMarionette.connect(port: port, deadline: deadline)
        let session = try marionette.command("WebDriver:NewSession",
                                             ["capabilities": ["alwaysMatch": ["acceptInsecureCerts": false]]])
        if case .error(let code, let message) = session {
            throw RealClientError.setupFailed("Marionette NewSession: \(code) \(message)")
        }
        return marionette
    }

    /// One navigation to `url` and the page's Navigation Timing entry (empty when it has none).
    private static func navigate(_ marionette: RealClientMarionette, to url: String) throws -> (RealClientMarionette.Reply, String) {
        let navigated = try marionette.command("WebDriver:Navigate", ["url": url])
        var timing = ""
        if case .value = navigated,
           case .value(let text) = try marionette.command("WebDriver:ExecuteScript", [
               "script": "return JSON.stringify(performance.getEntriesByType('navigation')[0])", "args": [] as [Any]]) {
            timing = text
        }
        return (navigated, timing)
    }

    /// One Firefox visit. Cold (the default): a fresh copy of the profile, Firefox started, over
    /// Marionette a session, one navigation to `url`, and quit; bounded by `timeout` (then its
    /// group is killed). Kept (`keepsBrowser`): the part's one Firefox, started at its first
    /// visit, navigates to `url` and stays (``stop()`` ends it).
    private func runFirefox(url: String, profile: String, arguments: [String], outputPath: String,
                            timeout: Double) async -> (outcome: RealClientOutcome, navigation: String) {
        let deadline = Instant.now().adding(seconds: timeout)
        let reply: RealClientMarionette.Reply, navigation: String
        if config.keepsBrowser {
            let session = Task.detached { () throws -> (RealClientMarionette.Reply, String) in
                try self.kept.withLock { kept in
                    if kept == nil {
                        let keptProfile = self.config.folder + "/profile-kept"
                        try FileManager.default.copyItem(atPath: self.firefoxTemplate, toPath: keptProfile)
                        let process = try self.spawnFirefox(
                            arguments: RealClientProgram.firefox.arguments(site: "", port: 0, caFile: self.config.caFile,
                                                                           askResponder: true, timeout: timeout,
                                                                           profile: keptProfile),
                            outputPath: self.config.folder + "/output-kept.log")
                        do {
                            let marionette = try RealClient.openSession(profile: keptProfile, deadline: deadline)
                            kept = KeptFirefox(process: process, marionette: marionette, profile: keptProfile)
                        } catch {
                            process.killGroup()
                            _ = process.reapBlocking()
                            try? FileManager.default.removeItem(atPath: keptProfile)
                            throw error
                        }
                    }
                    let firefox = kept!
                    firefox.marionette.deadline = deadline
                    do {
                        return try RealClient.navigate(firefox.marionette, to: url)
                    } catch {
                        // A session that failed is not trusted for the next visit: end it.
                        firefox.process.killGroup()
                        _ = firefox.process.reapBlocking()
                        kept = nil
                        throw error
                    }
                }
            }
            do {
                (reply, navigation) = try await session.value
            } catch {
                (reply, navigation) = (.error(code: "setup", message: "\(error)"), "")
            }
        } else {
            do {
                try FileManager.default.copyItem(atPath: firefoxTemplate, toPath: profile)
            } catch {
                return (RealClientOutcome(outcome: .error, stapled: false, status: "none", error: "profile copy: \(error)",
                                          version: nil), "")
            }
            let process: ExternalProcess
            do {
                process = try spawnFirefox(arguments: arguments, outputPath: outputPath)
            } catch {
                return (RealClientOutcome(outcome: .error, stapled: false, status: "none", error: "\(error)", version: nil), "")
            }
            let session = Task.detached { () throws -> (RealClientMarionette.Reply, String) in
                let marionette = try RealClient.openSession(profile: profile, deadline: deadline)
                let (navigated, timing) = (try? RealClient.navigate(marionette, to: url))
                    ?? (.error(code: "setup", message: "Marionette did not answer the navigation in time"), "")
                _ = try? marionette.command("Marionette:Quit")
                return (navigated, timing)
            }
            do {
                (reply, navigation) = try await session.value
            } catch {
                (reply, navigation) = (.error(code: "setup", message: "\(error)"), "")
            }
            let remaining = max(0.5, deadline.milliseconds(since: .now()) / 1000)
            if await process.waitForExit(timeout: remaining) == nil {
                process.killGroup()
                _ = process.reapBlocking()
            } else if process.groupAlive {
                process.killGroup()
            }
        }
        switch reply {
        case .value:
            return (RealClientOutcome(outcome: .connected, stapled: false, status: "good", error: "", version: nil), navigation)
        case .error(let code, let message) where code == "unknown error" && message.contains("about:neterror?e=nssFailure2"):
            // NSS refused the connection itself (a must-staple certificate without a staple is
            // MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING, shown as an nssFailure2 error page).
            return (RealClientOutcome(outcome: .hardFail, stapled: false, status: "refused",
                                      error: "Marionette: \(message)".prefix(300).description, version: nil), navigation)
        case .error(let code, let message) where code == "insecure certificate":
            return (RealClientOutcome(outcome: .hardFail, stapled: false, status: "refused",
                                      error: "Marionette: insecure certificate \(message)".trimmingCharacters(in: .whitespaces),
                                      version: nil), navigation)
        case .error(let code, let message):
            return (RealClientOutcome(outcome: .error, stapled: false, status: "none",
                                      error: "Marionette: \(code) \(message)".prefix(300).description, version: nil), navigation)
        }
    }

    /// Ends the kept Firefox, if any: Marionette's quit, a few seconds to exit, then its group killed.
    private func endKeptFirefox() async {
        let firefox = kept.withLock { kept -> KeptFirefox? in
            defer { kept = nil }
            return kept
        }
        guard let firefox else { return }
        firefox.marionette.deadline = Instant.now().adding(seconds: 5)
        _ = try? firefox.marionette.command("Marionette:Quit")
        if await firefox.process.waitForExit(timeout: 5) == nil || firefox.process.groupAlive {
            firefox.process.killGroup()
            _ = firefox.process.reapBlocking()
        }
        try? FileManager.default.removeItem(atPath: firefox.profile)
    }

    /// Whether the responder answered `revoked` to this client's address since `start` (its own
    /// events: ocsp.response-sent "POST from ADDRESS:PORT: revoked"), for a program that does not say why it refused.
    private func responderSaidRevoked(since start: Instant) -> Bool {
        trace.events.contains { event in
            guard event.time >= start, event.party.role == .responder, event.kind == .ocspResponseSent,
                  case .responderAnswer(let requester, let answer) = event.payload else { return false }
            return requester.hasPrefix("\(config.address):") && answer == "revoked"
        }
    }

    /// Whether the server stapled on a connection from this client's address since `start` (its
    /// own events: tcp.accepted peer=ADDRESS:PORT, then tls.staple-sent on that connection), for a
    /// program that does not say (Chromium). Real servers (nginx, Apache) record no such events.
    private func serverStapled(since start: Instant) -> Bool {
        var fromHere: Set<ConnectionID> = []
        for event in trace.events where event.time >= start && event.party.role == .server {
            if event.kind == .tcpAccepted, case .endpoints(_, let remote?) = event.payload, remote.hasPrefix("\(config.address):") {
                fromHere.insert(event.connection)
            } else if event.kind == .stapleSent, fromHere.contains(event.connection) {
                return true
            }
        }
        return false
    }

    /// One visit: the program run once against `https://site:port/`, bounded by the attempt timeout.
    public func visit(site: String, port: Int, mode: RevocationMode) async -> ConnectionResult {
        await turns.acquire()
        let result = await run(site: site, port: port, mode: mode)
        await turns.release()
        return result
    }

    private func run(site: String, port: Int, mode: RevocationMode) async -> ConnectionResult {
        let connection = ConnectionID.next()
        let visit = RealClientVisit(connection: connection, party: party, trace: trace, site: site,
                                    responderHost: config.responderHost)
        let program = config.program
        let timeout = config.attemptTimeout.seconds
        let inputPath = config.folder + "/request-\(connection)"
        let outputPath = config.folder + "/output-\(connection).log"
        try? ExternalFiles.write(program.input(site: site), to: inputPath)
        // Chromium gets a fresh profile per visit: no cache, no connection pool across visits.
        let profile = config.folder + "/profile-\(connection)"
        let arguments = program.arguments(site: site, port: port, caFile: config.caFile,
                                          askResponder: config.askResponder, timeout: timeout, profile: profile)
        let started = Instant.now()
        // The private resolv.conf is bound over /etc/resolv.conf in the program's own mount
        // namespace (private propagation: the machine's file is untouched), then the program runs.
        let script = "mount --bind \"$1\" /etc/resolv.conf && shift && exec \"$@\""
        visits.current = visit
        trace.record(party, .attemptStart, connection: connection, detail: "\(mode) https://\(site):\(port)/ (\(program.executable))")
        var outcome: RealClientOutcome
        if program == .firefox {
            // A kept browser visits a new URL each time, so that its HTTP cache never answers.
            let url = "https://\(site):\(port)/" + (config.keepsBrowser ? "?visit=\(connection)" : "")
            let navigation: String
            (outcome, navigation) = await runFirefox(url: url, profile: profile, arguments: arguments,
                                                     outputPath: outputPath, timeout: timeout)
            // The page's own timing (PerformanceNavigationTiming, ms from Firefox's navigation start),
            // read over Marionette after the navigation.
            if !navigation.isEmpty { trace.record(party, .navigationTiming, connection: connection, detail: navigation) }
        } else { do {
            let (status, output) = try await ExternalProcess.run(
                unshare, arguments: ["-m", "--", "/bin/sh", "-c", script, "sh", resolvConf, executable] + arguments,
                environment: ["PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C"],
                outputPath: outputPath, timeout: timeout, inputPath: inputPath, diesWithParent: true)
            // Chromium's dumped DOM holds the page's own Navigation Timing entry (see SitePage).
            if program == .chromium, let timing = SitePage.navigationTiming(fromDOM: output) {
                trace.record(party, .navigationTiming, connection: connection, detail: timing)
            }
            switch status {
            case .exited(let code): outcome = RealClientOutcome.read(program, code: code, output: output)
            case .signalled, .unknown: outcome = .timedOut(program, after: timeout)
            }
        } catch {
            outcome = RealClientOutcome(outcome: .error, stapled: false, status: "none", error: "\(error)", version: nil)
        } }
        visits.current = nil
        var source = ""
        if program == .chromium || program == .firefox {
            outcome.stapled = serverStapled(since: started)
            // A browser that loaded the page without a staple and without asking checked nothing
            // (unless it is a kept Firefox whose earlier visit of the site got an answer: its cache
            // answered); one that asked and loaded it though no answer came back (its doors saw
            // none) soft-failed.
            let asked = visit.summary
            let remembered = learned.withLock { $0[site] }
            if outcome.outcome == .connected && !outcome.stapled && asked.responderConnections == 0 {
                if config.keepsBrowser, let remembered {
                    (outcome.status, source) = (remembered, "cached")
                } else {
                    outcome.status = "none"
                }
            } else if outcome.outcome == .connected && !outcome.stapled && !asked.responderSpoke {
                outcome.outcome = .softFail
                outcome.status = RealClientOutcome.unansweredStatus
                outcome.error = "no answer from the responder reached the program; it loaded the page without a status"
            }
            if outcome.outcome == .hardFail && program == .firefox {
                let revoked = responderSaidRevoked(since: started)
                if !revoked && asked.responderConnections == 0 && config.keepsBrowser, let remembered {
                    (outcome.status, source) = (remembered, "cached")
                } else {
                    outcome.status = revoked ? "revoked" : outcome.stapled ? "refused (staple)" : "refused"
                }
            }
            // What this visit's own check learned (an answer that reached the browser).
            if asked.responderSpoke && !outcome.stapled && ["good", "revoked"].contains(outcome.status) {
                learned.withLock { $0[site] = outcome.status }
            }
            try? FileManager.default.removeItem(atPath: profile)
        }
        let summary = visit.summary
        if source.isEmpty { source = outcome.stapled ? "staple" : summary.responderConnections > 0 ? "fetched" : "" }
        // The trace carries what the record reads: a staple (here inferred from the server's own
        // events, or the program's words), then the status, then the end.
        if outcome.stapled {
            trace.record(party, .stapleReceived, connection: connection, detail: "the server stapled on this connection")
        }
        if let version = outcome.version {
            trace.record(party, .tlsVersionReported, connection: connection, detail: version.description,
                         payload: .handshake(version: version.description, cipher: ""))
        }
        trace.record(party, .statusDecided, connection: connection,
                     detail: source.isEmpty ? outcome.status : "\(outcome.status) (\(source))",
                     payload: .status(outcome.status, source: source))
        visit.finish(outcome.outcome, detail: outcome.error)
        return ConnectionResult(connection: connection, site: site, outcome: outcome.outcome, error: outcome.error)
    }
}

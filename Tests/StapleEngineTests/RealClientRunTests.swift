#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import StapleCore
import StapleActors
@testable import StapleEngine

/// Runs with real curl and gnutls-cli as clients (skipped, saying why, when a program is missing
/// or the tests do not run as root; `.ci/run` installs both). Every program run is bounded by the
/// scenario's timeout and killed by PID after it.
@Suite(.serialized) struct RealClientRunTests {
    /// Browser tests start a whole browser per visit (seconds of both cores each): run beside the
    /// rest of a parallel `swift test` they starve its timing-bounded tests, so they run only when
    /// asked, as `.ci/run` does after the suite.
    static let browserTests = ProcessInfo.processInfo.environment["STAPLEBENCH_BROWSER_TESTS"] == "1"

    static func usable(_ program: RealClientProgram) -> Bool {
        program.locate() != nil && geteuid() == 0 && RealClient.unsharePath != nil
    }

    /// A scenario named `name` from `body` (everything but its links), on the short links every
    /// real-client test uses (4 ms round trips, 2 ms to the resolver).
    static func scenario(named name: String, _ body: String) throws -> Scenario {
        try ScenarioLoader.load(text: "name: \(name)\n" + body + """

            links:
              client-server: { rtt: 4ms }
              client-responder: { rtt: 4ms }
              server-responder: { rtt: 4ms }
              client-resolver: { rtt: 2ms }
            """, fileName: "\(name).yaml")
    }

    static func scenario(_ kind: String, mode: String, sites: [String] = ["example.com"]) throws -> Scenario {
        let siteList = sites.map { host in
            host.hasPrefix("revoked") ? "  - { host: \(host), status: revoked, revoked_reason: keyCompromise }"
                                      : "  - { host: \(host) }"
        }.joined(separator: "\n")
        return try scenario(named: "real-\(kind)", """
            modes: [\(mode)]
            sites:
            \(siteList)
            clients: [{ name: \(kind)-client, kind: \(kind) }]
            server: { policy: proactive }
            workload: { warmup: 0, handshakes: \(2 * sites.count), timeout: 20s }
            """)
    }

    @Test(.enabled(if: usable(.curl), "curl is not installed (apt-get install curl), or not root (unshare -m)"))
    func curlAcceptsAGoodStapleAndRefusesARevokedOneSayingSo() async throws {
        let result = await RunEngine(scenario: try Self.scenario("curl", mode: "stapled",
                                                                 sites: ["example.com", "revoked.example"])).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let good = result.records.filter { $0.site == "example.com" }
        let revoked = result.records.filter { $0.site == "revoked.example" }
        #expect(good.count == 2 && revoked.count == 2)
        for record in good {
            #expect(record.outcome == .connected && record.stapled && record.ocspStatus == "good", "\(record)")
            #expect(record.tlsVersion == "TLSv1.3")
            // The timeline came across its door: DNS through the resolver actor, TCP with the link's
            // emulated round trip, TLS, first byte.
            #expect(record.dnsMs != nil && record.tcpMs != nil && record.tlsMs != nil && record.ttfbMs != nil, "\(record)")
            if let tcp = record.tcpMs { #expect(tcp >= 4, "the front door's emulated round trip (4 ms) is in it") }
            // The row says where each phase was read: at curl's doors, the TCP handshake at the front door.
            #expect(record.phaseSources == "dns=door tcp=wire tls=door ttfb=door", "\(record.phaseSources)")
        }
        for record in revoked {
            #expect(record.outcome == .hardFail && record.ocspStatus == "revoked", "\(record)")
            #expect(record.error == "curl: (91) SSL certificate revocation reason: keyCompromise (1)", "\(record)")
            #expect(record.ttfbMs == nil, "a refused connection has no first response byte: \(record)")
        }
        // curl has its own address, and the responder never heard from it.
        let address = try #require(good.first?.clientAddress)
        #expect(address.hasPrefix("127.") && address != "127.0.0.1")
        #expect(Set(result.records.map(\.clientAddress)) == [address])
        #expect(result.parts[0].addressNames[address] == "curl-client")
        #expect(!result.parts[0].responderLog.contains { $0.requesterAddress == address })
        // The resolver learned curl's lookups from curl's address.
        #expect(result.parts[0].observations.contains {
            $0.observer.role == .resolver && $0.clientAddress == address && $0.hostname == "example.com"
        })
    }

    @Test(.enabled(if: usable(.gnutls), "gnutls-cli is not installed (apt-get install gnutls-bin), or not root"))
    func gnutlsClassicAsksTheResponderForLeafAndIntermediateFromItsOwnAddress() async throws {
        let result = await RunEngine(scenario: try Self.scenario("gnutls", mode: "classic")).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        #expect(result.records.count == 2)
        let address = try #require(result.records.first?.clientAddress)
        for record in result.records {
            #expect(record.outcome == .connected && !record.stapled && record.ocspStatus == "good", "\(record)")
            #expect(record.ocspMs != nil && record.ttfbMs != nil, "\(record)")
            // gnutls-cli checks inside its handshake: its Finished waits for both fetches.
            if let tls = record.tlsMs, let ocsp = record.ocspMs { #expect(tls > ocsp, "\(record)") }
        }
        // gnutls-cli --ocsp checks the whole chain: per handshake one POST for the leaf, then one
        // for the intermediate (what our `check: chain` lever models), each on its own connection.
        let log = result.parts[0].responderLog
        #expect(log.map(\.hostname) == ["example.com", "StapleBench Test Intermediate CA",
                                         "example.com", "StapleBench Test Intermediate CA"], "\(log)")
        #expect(log.allSatisfy { $0.requesterAddress == address && $0.method == "POST" }, "\(log)")
        // The ledger: the responder learned that gnutls (by its address) visits example.com.
        let part = result.parts[0]
        #expect(part.addressNames[address] == "gnutls-client")
        let learned = part.observations.filter { $0.observer.role == .responder && $0.hostname == "example.com" }
        #expect(learned.count == 2 && learned.allSatisfy { $0.clientAddress == address }, "\(learned)")
    }

    @Test(.enabled(if: usable(.gnutls), "gnutls-cli is not installed (apt-get install gnutls-bin), or not root"))
    func gnutlsStapledAsksNoResponderAndRefusesARevokedStaple() async throws {
        let result = await RunEngine(scenario: try Self.scenario("gnutls", mode: "stapled",
                                                                 sites: ["example.com", "revoked.example"])).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let good = result.records.filter { $0.site == "example.com" }
        let revoked = result.records.filter { $0.site == "revoked.example" }
        #expect(good.count == 2 && revoked.count == 2)
        #expect(good.allSatisfy { $0.outcome == .connected && $0.stapled && $0.ocspMs == nil }, "\(good)")
        #expect(revoked.allSatisfy { $0.outcome == .hardFail && $0.stapled && $0.ocspStatus == "revoked" && $0.ttfbMs == nil }, "\(revoked)")
        let address = try #require(good.first?.clientAddress)
        #expect(!result.parts[0].responderLog.contains { $0.requesterAddress == address }, "\(result.parts[0].responderLog)")
    }

    /// The built-in `strict` profile checked against gnutls-cli --ocsp: the same requests per
    /// cold classic handshake (leaf, then intermediate), by the same method.
    @Test(.enabled(if: usable(.gnutls), "gnutls-cli is not installed (apt-get install gnutls-bin), or not root"))
    func gnutlsAsksTheResponderWhatTheStrictProfileAsks() async throws {
        let scenario = try ScenarioLoader.load(text: """
            name: strict-vs-gnutls
            modes: [classic]
            sites: [{ host: example.com }]
            clients: [{ name: Strict, profile: strict, cache: false }, { name: gnutls, kind: gnutls }]
            workload: { warmup: 0, handshakes: 4, timeout: 20s }
            """, fileName: "strict-vs-gnutls.yaml")
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let part = result.parts[0]
        let byClient = Dictionary(grouping: part.responderLog) { part.addressNames[$0.requesterAddress] ?? $0.requesterAddress }
        let asked = byClient.mapValues { $0.map { "\($0.method) \($0.hostname)" } }
        let perHandshake = ["POST example.com", "POST StapleBench Test Intermediate CA"]
        #expect(asked["Strict"] == perHandshake + perHandshake, "\(asked)")
        #expect(asked["gnutls"] == perHandshake + perHandshake, "\(asked)")
    }

    /// Chromium, headless, a fresh profile per visit: a revoked staple is refused with
    /// net::ERR_CERT_REVOKED; without a staple it asks no responder and connects to the revoked site.
    @Test(.enabled(if: browserTests && usable(.chromium) && RealClient.certutilPath != nil,
                   "set STAPLEBENCH_BROWSER_TESTS=1 (.ci/run does, in a step of its own); needs chromium, libnss3-tools, root"))
    func chromiumRefusesARevokedStapleAndAsksNoResponderWithoutOne() async throws {
        let stapled = await RunEngine(scenario: try Self.scenario("chromium", mode: "stapled",
                                                                  sites: ["example.com", "revoked.example"])).run()
        #expect(stapled.complete, "\(stapled.stoppedEarly ?? "")")
        let good = stapled.records.filter { $0.site == "example.com" }
        let revoked = stapled.records.filter { $0.site == "revoked.example" }
        #expect(good.count == 2 && revoked.count == 2)
        #expect(good.allSatisfy { $0.outcome == .connected && $0.stapled && $0.ttfbMs != nil }, "\(good)")
        #expect(revoked.allSatisfy { $0.outcome == .hardFail && $0.stapled && $0.ocspStatus == "revoked"
                                     && $0.error == "net::ERR_CERT_REVOKED" }, "\(revoked)")
        let address = try #require(good.first?.clientAddress)
        #expect(!stapled.parts[0].responderLog.contains { $0.requesterAddress == address })
        // The page's own Navigation Timing, from the script in the built-in server's page, read
        // from the dumped DOM: one entry per loaded page, none for a refused one.
        let timings = stapled.parts[0].events.filter { $0.kind == .navigationTiming }
        #expect(timings.map(\.connection).sorted() == good.map(\.connection).sorted(), "\(timings)")
        #expect(timings.allSatisfy { $0.detail.contains("\"responseStart\":") && $0.detail.contains("https://example.com:") },
                "\(timings.map(\.detail))")

        let classic = await RunEngine(scenario: try Self.scenario("chromium", mode: "classic",
                                                                  sites: ["revoked.example"])).run()
        #expect(classic.complete, "\(classic.stoppedEarly ?? "")")
        #expect(classic.records.count == 2)
        #expect(classic.records.allSatisfy { $0.outcome == .connected && !$0.stapled && $0.ocspStatus == "none" },
                "it checked nothing: \(classic.records)")
        #expect(classic.parts[0].responderLog.isEmpty, "\(classic.parts[0].responderLog)")
    }


    /// Firefox ESR over Marionette, a fresh profile per visit: classic, one POST per cold
    /// handshake from Firefox's own address, which the ledger names; a revoked answer refuses the
    /// page (Marionette: insecure certificate). Stapled: no responder request from it.
    @Test(.enabled(if: browserTests && usable(.firefox) && RealClient.certutilPath != nil,
                   "set STAPLEBENCH_BROWSER_TESTS=1 (.ci/run does, in a step of its own); needs firefox-esr, libnss3-tools, root"))
    func firefoxAsksTheResponderOncePerColdHandshakeAndNotWhenStapled() async throws {
        let classic = await RunEngine(scenario: try Self.scenario("firefox", mode: "classic",
                                                                  sites: ["example.com", "revoked.example"])).run()
        #expect(classic.complete, "\(classic.stoppedEarly ?? "")")
        let part = classic.parts[0]
        let address = try #require(classic.records.first?.clientAddress)
        #expect(part.addressNames[address] == "firefox-client")
        for record in classic.records {
            let good = record.site == "example.com"
            #expect(record.outcome == (good ? .connected : .hardFail), "\(record)")
            #expect(record.ocspStatus == (good ? "good" : "revoked"), "\(record)")
            #expect(record.ocspMs != nil, "\(record)")
        }
        #expect(part.responderLog.map { "\($0.requesterAddress) \($0.method) \($0.hostname)" } ==
                ["example.com", "revoked.example", "example.com", "revoked.example"].map { "\(address) POST \($0)" })
        let learned = part.observations.filter { $0.observer.role == .responder }
        #expect(Set(learned.map(\.clientAddress)) == [address] && learned.count == 4, "\(learned)")

        let stapled = await RunEngine(scenario: try Self.scenario("firefox", mode: "stapled")).run()
        #expect(stapled.complete, "\(stapled.stoppedEarly ?? "")")
        #expect(stapled.records.allSatisfy { $0.outcome == .connected && $0.stapled && $0.ocspMs == nil }, "\(stapled.records)")
        let stapledAddress = try #require(stapled.records.first?.clientAddress)
        #expect(!stapled.parts[0].responderLog.contains { $0.requesterAddress == stapledAddress })
    }

    /// Under a hanging responder (it accepts and never answers), real Firefox ESR does what the
    /// built-in `firefox` profile says: it waits for its soft timeout (security.OCSP.timeoutMilliseconds.soft,
    /// 2000 ms on release and ESR builds), then loads the page without a status (soft-fail).
    @Test(.enabled(if: browserTests && usable(.firefox) && RealClient.certutilPath != nil,
                   "set STAPLEBENCH_BROWSER_TESTS=1 (.ci/run does, in a step of its own); needs firefox-esr, libnss3-tools, root"))
    func firefoxSoftFailsAfterItsTimeoutUnderAHangingResponderAsTheProfileSays() async throws {
        let scenario = try Self.scenario(named: "real-firefox-hang", """
            modes: [classic]
            sites: [{ host: example.com }]
            clients:
              - { name: Alice, profile: firefox, cache: false }
              - { name: firefox-client, kind: firefox }
            server: { policy: proactive }
            responder: { outages: [{ kind: hang, from: 0s }] }
            workload: { warmup: 0, handshakes: 2, timeout: 30s }
            """)
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let part = result.parts[0]
        let builtIn = try #require(part.records.first { part.addressNames[$0.clientAddress] == "Alice" })
        let real = try #require(part.records.first { part.addressNames[$0.clientAddress] == "firefox-client" })
        for record in [builtIn, real] {
            #expect(record.outcome == .softFail && !record.stapled, "\(record)")
            // It asked once (a POST the responder never answered).
            #expect(part.responderLog.filter { $0.requesterAddress == record.clientAddress }.count <= 1)
        }
        #expect(builtIn.ocspStatus == "unreachable:timeout" && (builtIn.ocspMs ?? 0) >= 1_950, "\(builtIn)")
        #expect(real.ocspStatus == "unreachable:no-answer", "\(real)")
        // Firefox's wait, from its doors: from opening its responder connection to its second
        // flight on the site connection (NSS sends Finished once the certificate is checked):
        // its soft timeout, not the 10 s hard one.
        let events = part.events.filter { $0.connection == real.connection }
        let asked = try #require(events.first { $0.kind == .ocspFetchStart }, "\(events)")
        let finished = try #require(events.first { $0.kind == .handshakeComplete }, "\(events)")
        let waitedMs = finished.time.milliseconds(since: asked.time)
        #expect(waitedMs >= 1_950 && waitedMs < 9_000, "Firefox waited \(waitedMs) ms for the responder")
    }

    /// `cache: true` keeps one Firefox for the part: a full handshake per visit (session
    /// resumption off), but the responder is asked once per certificate — the second visit of
    /// each site is answered by Firefox's own OCSP cache, good and revoked alike.
    @Test(.enabled(if: browserTests && usable(.firefox) && RealClient.certutilPath != nil,
                   "set STAPLEBENCH_BROWSER_TESTS=1 (.ci/run does, in a step of its own); needs firefox-esr, libnss3-tools, root"))
    func aKeptFirefoxAsksOncePerCertificateAndAnswersLaterVisitsFromItsCache() async throws {
        let scenario = try Self.scenario(named: "real-firefox-kept", """
            modes: [classic]
            sites:
              - { host: example.com }
              - { host: revoked.example, status: revoked, revoked_reason: keyCompromise }
            clients: [{ name: firefox-client, kind: firefox, cache: true }]
            server: { policy: proactive }
            workload: { warmup: 0, handshakes: 6, timeout: 20s }
            """)
        #expect(scenario.clients[0].profile.cache)
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let part = result.parts[0]
        let address = try #require(part.records.first?.clientAddress)
        #expect(part.responderLog.map { "\($0.requesterAddress) \($0.method) \($0.hostname)" } ==
                ["example.com", "revoked.example"].map { "\(address) POST \($0)" })
        let rows = part.records.sorted { $0.seq < $1.seq }.map { "\($0.site) \($0.outcome.rawValue) \($0.ocspStatus) \($0.ocspMs != nil)" }
        #expect(rows == ["example.com connected good true", "revoked.example hard-fail revoked true",
                         "example.com connected good false", "revoked.example hard-fail revoked false",
                         "example.com connected good false", "revoked.example hard-fail revoked false"], "\(rows)")
        // Each visit was a full handshake of its own (a new connection, the server's certificate sent).
        let handshakes = part.events.filter { $0.party.role == .server && $0.kind == .tcpAccepted }
        #expect(handshakes.count >= 6, "\(handshakes.count) connections accepted")
    }

    /// A must-staple certificate from a server that does not staple: real Firefox ESR refuses it
    /// (security.ssl.enable_ocsp_must_staple), as the built-in `firefox` profile does (must-staple
    /// `enforce`); real Chromium loads it, as the `chrome` profile says (`ignore`).
    @Test(.enabled(if: browserTests && usable(.firefox) && usable(.chromium) && RealClient.certutilPath != nil,
                   "set STAPLEBENCH_BROWSER_TESTS=1 (.ci/run does, in a step of its own); needs firefox-esr, chromium, libnss3-tools, root"))
    func mustStapleWithoutAStapleIsRefusedByFirefoxAndLoadedByChromiumAsTheProfilesSay() async throws {
        let scenario = try Self.scenario(named: "real-must-staple", """
            modes: [classic]
            sites: [{ host: example.com, must_staple: true }]
            clients:
              - { name: Alice, profile: firefox, cache: false }
              - { name: Carol, profile: chrome, cache: false }
              - { name: firefox-client, kind: firefox }
              - { name: chromium-client, kind: chromium }
            server: { policy: proactive }
            workload: { warmup: 0, handshakes: 4, timeout: 20s }
            """)
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let part = result.parts[0]
        let outcomes = Dictionary(uniqueKeysWithValues: part.records.map { (part.addressNames[$0.clientAddress] ?? "?", $0) })
        #expect(outcomes.count == 4, "\(part.records)")
        #expect(outcomes["Alice"]?.outcome == .hardFail, "\(String(describing: outcomes["Alice"]))")
        #expect(outcomes["firefox-client"]?.outcome == .hardFail, "\(String(describing: outcomes["firefox-client"]))")
        #expect(outcomes["firefox-client"]?.error.contains("about:neterror?e=nssFailure2") == true)
        #expect(outcomes["Alice"]?.ocspStatus == "no-staple" && outcomes["Alice"]?.ocspMs == nil)
        #expect(outcomes["Carol"]?.outcome == .connected, "\(String(describing: outcomes["Carol"]))")
        #expect(outcomes["chromium-client"]?.outcome == .connected, "\(String(describing: outcomes["chromium-client"]))")
        #expect(!part.records.contains { $0.stapled })
    }
}

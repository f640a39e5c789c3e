import Testing
import StapleCore
import StapleActors
@testable import StapleEngine

/// The stories of the two shipped scenarios that start real programs, beside the other real-client
/// runs (so they share their gates, their one-at-a-time order, and `.ci/run`'s browser step).
/// Each runs one round (every client on each site once) per mode.
extension RealClientRunTests {
    /// The counted rows of `client` on `site` in `part`.
    static func rows(_ part: ModeRun, _ client: String, _ site: String) -> [HandshakeRecord] {
        ScenarioStoryTests.counted(part).filter { $0.client == client && $0.site == site }
    }

    // MARK: cli-clients

    @Test(.enabled(if: usable(.curl) && usable(.gnutls), "needs curl and gnutls-cli (apt-get install curl gnutls-bin) and root (unshare -m)"))
    func cliClientsStory() async throws {
        var scenario = try ScenarioStoryTests.shipped("cli-clients")
        scenario.workload.handshakes = 6             // one round: Alice, curl, gnutls on each site
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let classic = try ScenarioStoryTests.part(result, .classic), stapled = try ScenarioStoryTests.part(result, .stapled)
        for part in [classic, stapled] {
            #expect(ScenarioStoryTests.counted(part).count == 6, "\(part.mode)")
            // Every connected row crossed the same delays as Alice's: the model is a floor under it
            // (a real program's time to first byte also holds its own start-up).
            for record in ScenarioStoryTests.counted(part) where record.outcome == .connected {
                let ttfb = try #require(record.ttfbMs), model = try #require(record.modelMs)
                #expect(ttfb >= model, "\(part.mode) \(record.client) \(record.site): \(ttfb) ms below the model's \(model) ms")
            }
        }
        // Classic: no staple. Alice and gnutls-cli ask the responder and refuse revoked.example;
        // curl --cert-status refuses both sites: a staple is all it accepts.
        #expect(!ScenarioStoryTests.counted(classic).contains { $0.stapled })
        for client in ["Alice", "gnutls"] {
            #expect(Self.rows(classic, client, "example.com").map { "\($0.outcome.rawValue) \($0.ocspStatus)" } == ["connected good"], "\(client)")
            #expect(Self.rows(classic, client, "revoked.example").map { "\($0.outcome.rawValue) \($0.ocspStatus)" } == ["hard-fail revoked"], "\(client)")
        }
        #expect(Self.rows(classic, "curl", "example.com").map(\.error) == ["curl: (91) No OCSP response received"])
        #expect(Self.rows(classic, "curl", "revoked.example").map(\.error) == ["curl: (91) No OCSP response received"])
        // responder.csv: gnutls-cli asks from its own address about the leaf and the intermediate for
        // example.com, about the leaf alone for revoked.example (refused there); curl never asks.
        let gnutls = try ScenarioStoryTests.address("gnutls", in: classic), curl = try ScenarioStoryTests.address("curl", in: classic)
        #expect(classic.responderLog.filter { $0.requesterAddress == gnutls }.map { "\($0.method) \($0.hostname)" }
                == ["POST example.com", "POST StapleBench Test Intermediate CA", "POST revoked.example"], "\(classic.responderLog)")
        #expect(!classic.responderLog.contains { $0.requesterAddress == curl })
        // Privacy: the responder learned that gnutls (its address) visits example.com.
        #expect(classic.observations.contains { $0.observer.role == .responder && $0.clientAddress == gnutls && $0.hostname == "example.com" })

        // Stapled: every handshake carries a staple (a revoked status too); all three accept
        // example.com and refuse revoked.example, and no client asks the responder.
        #expect(ScenarioStoryTests.counted(stapled).allSatisfy { $0.stapled })
        for client in ["Alice", "curl", "gnutls"] {
            #expect(Self.rows(stapled, client, "example.com").map { "\($0.outcome.rawValue) \($0.ocspStatus)" } == ["connected good"], "\(client)")
            #expect(Self.rows(stapled, client, "revoked.example").map { "\($0.outcome.rawValue) \($0.ocspStatus)" } == ["hard-fail revoked"], "\(client)")
        }
        #expect(Self.rows(stapled, "curl", "revoked.example").map(\.error) == ["curl: (91) SSL certificate revocation reason: keyCompromise (1)"])
        let server = try ScenarioStoryTests.address("server", in: stapled)
        #expect(stapled.responderLog.allSatisfy { $0.requesterAddress == server }, "\(stapled.responderLog)")
    }

    // MARK: real-browsers

    @Test(.enabled(if: browserTests && usable(.firefox) && usable(.chromium) && RealClient.certutilPath != nil,
                   "set STAPLEBENCH_BROWSER_TESTS=1 (.ci/run does, in a step of its own); needs firefox-esr, chromium, libnss3-tools, root"))
    func realBrowsersStory() async throws {
        var scenario = try ScenarioStoryTests.shipped("real-browsers")
        scenario.workload.handshakes = 6             // one round: Alice, firefox, chromium on each site
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let classic = try ScenarioStoryTests.part(result, .classic), stapled = try ScenarioStoryTests.part(result, .stapled)
        // Classic: Alice and real Firefox ask the responder and refuse revoked.example; Chromium asks
        // nobody and loads it.
        #expect(!ScenarioStoryTests.counted(classic).contains { $0.stapled })
        for client in ["Alice", "firefox"] {
            #expect(Self.rows(classic, client, "example.com").map { "\($0.outcome.rawValue) \($0.ocspStatus)" } == ["connected good"], "\(client)")
            #expect(Self.rows(classic, client, "revoked.example").map { "\($0.outcome.rawValue) \($0.ocspStatus)" } == ["hard-fail revoked"], "\(client)")
        }
        #expect(Self.rows(classic, "firefox", "revoked.example").map(\.error) == ["Marionette: insecure certificate"])
        #expect(ScenarioStoryTests.counted(classic).filter { $0.client == "chromium" }.map { "\($0.outcome.rawValue) \($0.ocspStatus)" }
                == ["connected none", "connected none"])
        // responder.csv: one POST per classic Firefox visit, from Firefox's own address; none from Chromium.
        let firefox = try ScenarioStoryTests.address("firefox", in: classic), chromium = try ScenarioStoryTests.address("chromium", in: classic)
        #expect(classic.responderLog.filter { $0.requesterAddress == firefox }.map { "\($0.method) \($0.hostname)" }
                == ["POST example.com", "POST revoked.example"], "\(classic.responderLog)")
        #expect(!classic.responderLog.contains { $0.requesterAddress == chromium })
        #expect(classic.observations.contains { $0.observer.role == .responder && $0.clientAddress == firefox && $0.hostname == "example.com" })
        // events.csv: each browser's own Navigation Timing of each page it loaded: Firefox example.com
        // (it refused revoked.example), Chromium both.
        let timings = classic.events.filter { $0.kind == .navigationTiming }.map(\.party.description)
        #expect(timings.sorted() == ["client:chromium", "client:chromium", "client:firefox"], "\(timings)")

        // Stapled: all three accept example.com and refuse revoked.example, asking no responder.
        #expect(ScenarioStoryTests.counted(stapled).allSatisfy { $0.stapled })
        for client in ["Alice", "firefox", "chromium"] {
            #expect(Self.rows(stapled, client, "example.com").map { "\($0.outcome.rawValue) \($0.ocspStatus)" } == ["connected good"], "\(client)")
            #expect(Self.rows(stapled, client, "revoked.example").map(\.outcome) == [.hardFail], "\(client)")
        }
        #expect(Self.rows(stapled, "chromium", "revoked.example").map(\.error) == ["net::ERR_CERT_REVOKED"])
        let server = try ScenarioStoryTests.address("server", in: stapled)
        #expect(stapled.responderLog.allSatisfy { $0.requesterAddress == server }, "\(stapled.responderLog)")
    }
}

import StapleCore
import Testing
@testable import StapleEngine

@Suite struct ScenarioDefaultsTests {
    @Test func minimalFileGetsEveryDefault() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal(), file: "Scenarios/tiny-run.yaml")
        #expect(scenario.name == "tiny-run")
        #expect(scenario.description == "")
        #expect(scenario.seed == 1)
        #expect(scenario.timeScale == 1)
        #expect(scenario.modes == [.classic, .stapled])
        #expect(scenario.sites == [Scenario.Site(host: "example.com", mustStaple: false, status: .good,
                                                 intermediate: true, key: .ecP256)])
        #expect(scenario.clients == [Scenario.Client(name: "Alice", count: 1, profile: .firefox,
                                                     visits: ["example.com"], links: [:])])
        let server = scenario.server
        #expect(server.kind == .builtin)
        #expect(server.stapling == .auto)
        #expect(server.verify == true)
        #expect(server.responderURL == nil)
        #expect(server.policy == .lazy)
        #expect(server.workers == 1)
        #expect(server.responderTimeout == .seconds(10))
        #expect(server.stapleErrors == true)
        #expect(server.tls == .tls13)
        #expect(server.restarts == [])
        let responder = scenario.responder
        #expect(responder.host == "ocsp.ca.test")
        #expect(responder.delay == .zero)
        #expect(responder.validity == .seconds(7 * 86_400))
        #expect(responder.maxAge == nil)
        #expect(responder.signer == .ca)
        #expect(responder.outages == [])
        #expect(scenario.resolver.delay == .zero)
        for pair in Scenario.LinkPair.allCases {
            #expect(scenario.links[pair] == Scenario.Link(delay: .zero, jitter: .zero, bandwidth: .unlimited, faults: []))
        }
        #expect(scenario.workload == Scenario.Workload(warmup: 2, handshakes: 20, concurrency: 1, pace: .zero,
                                                       timeout: .seconds(30), freshConnections: true))
        #expect(scenario.sweep == [])
    }

    @Test(arguments: [("Scenarios/x.yaml", "x"), ("a/b/run-1.yml", "run-1"), ("plain", "plain"),
                      ("my scenario.yaml", "my-scenario"), ("<stdin>", "scenario")])
    func defaultNameComesFromTheFileName(file: String, name: String) {
        #expect(ScenarioLoader.defaultName(for: file) == name)
    }

    @Test func explicitNameWins() throws {
        let scenario = try ScenarioTestSupport.load("name: demo.v2\n" + ScenarioTestSupport.minimal())
        #expect(scenario.name == "demo.v2")
    }

    @Test(arguments: [("builtin", Scenario.Server.Policy.lazy), ("nginx", .lazy), ("apache", .blocking)])
    func policyDefaultsToWhatTheServerKindDoes(kind: String, policy: Scenario.Server.Policy) throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("server: {kind: \(kind)}"))
        #expect(scenario.server.policy == policy)
    }

    @Test func rttIsSplitIntoTwoOneWayDelays() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            links:
              client-server: { rtt: 40ms }
              client-responder: { delay: 30ms }
              server-responder: { rtt: 25ms, jitter: 2ms, bandwidth: 10mbit }
            """))
        #expect(scenario.links.clientServer.delay == .milliseconds(20))
        #expect(scenario.links.clientServer.rtt == .milliseconds(40))
        #expect(scenario.links.clientResponder.delay == .milliseconds(30))
        #expect(scenario.links.serverResponder.delay.nanoseconds == 12_500_000)
        #expect(scenario.links.serverResponder.jitter == .milliseconds(2))
        #expect(scenario.links.serverResponder.bandwidth.bitsPerSecond == 10_000_000)
        #expect(scenario.links.clientResolver == Scenario.Link())
    }

    @Test func profileOverridesReplaceOnlyWhatTheyName() throws {
        let scenario = try ScenarioTestSupport.load("""
            sites: [{host: example.com}]
            clients:
              - name: Bob
                profile: firefox-strict
                timeout: 3s
                method: get
              - name: Carol
                profile: chrome
              - name: Sam
                profile: strict
                check: leaf
                cache: false
            """)
        var bob = RevocationProfile.firefoxStrict
        bob.timeout = .seconds(3)
        bob.method = .get
        #expect(scenario.clients[0].profile == bob)
        #expect(scenario.clients[1].profile == .chrome)
        var sam = RevocationProfile.strict
        sam.check = .leaf
        sam.cache = false
        #expect(scenario.clients[2].profile == sam)
        #expect(scenario.clients[2].profile.base == .strict)
    }

    @Test func everyFieldOfTheDraftSchemaIsRead() throws {
        let scenario = try ScenarioTestSupport.load("""
            name: full
            description: "every field"
            seed: 99
            time_scale: 60
            modes: [none, classic, stapled]
            sites:
              - host: example.com
                must_staple: true
                status: revoked
                revoked_reason: keyCompromise
                intermediate: true
                key: rsa
              - host: other.example
                status: unknown
            clients:
              - name: Alice
                count: 2
                profile: firefox
                visits: [other.example, example.com]
                fail: hard
                timeout: 4s
                method: get
                check: chain
                must_staple: ignore
                fallback: none
                cache: false
                online_ocsp: true
                links: { client-server: { rtt: 300ms }, client-resolver: { faults: [] } }
            server:
              kind: builtin
              stapling: off
              verify: false
              responder_url: http://127.0.0.1:8080/ocsp
              policy: proactive
              workers: 3
              responder_timeout: 5s
              staple_errors: false
              tls: 1.2
              restarts: [7, 3]
            responder:
              host: ocsp.test
              delay: 1ms
              validity: 1h
              max_age: 10m
              signer: delegated
              outages:
                - kind: slow
                  delay: 5s
                  from: 2h
                - kind: hang
                  from: 10s
                  to: 2h
            resolver: { delay: 2ms }
            links:
              client-server:
                rtt: 40ms
                jitter: 1ms
                bandwidth: 2MB/s
                faults:
                  - { kind: reset, after_bytes: 100, from: 1s, to: 2s }
                  - { kind: close, after: 50ms, from: 2s }
            workload:
              warmup: 0
              handshakes: 8
              concurrency: 3
              pace: 100ms
              timeout: 9s
              fresh_connections: false
            """)
        #expect(scenario.name == "full")
        #expect(scenario.description == "every field")
        #expect(scenario.seed == 99)
        #expect(scenario.timeScale == 60)
        #expect(scenario.modes == [.none, .classic, .stapled])
        #expect(scenario.sites == [
            Scenario.Site(host: "example.com", mustStaple: true, status: .revoked(.keyCompromise), intermediate: true, key: .rsa2048),
            Scenario.Site(host: "other.example", status: .unknown),
        ])
        let alice = scenario.clients[0]
        #expect(alice.instanceNames == ["Alice-1", "Alice-2"])
        #expect(alice.visits == ["other.example", "example.com"])
        #expect(alice.profile == RevocationProfile(base: .firefox, failMode: .hard, timeout: .seconds(4), method: .get,
                                                   check: .chain, mustStaple: .ignore, fallback: .none, cache: false,
                                                   onlineOCSP: true))
        #expect(alice.links == [.clientServer: Scenario.Link.Override(delay: .milliseconds(150)),
                                .clientResolver: Scenario.Link.Override(faults: [])])
        #expect(scenario.server.stapling == .off)
        #expect(scenario.server.verify == false)
        #expect(scenario.server.responderURL?.absoluteString == "http://127.0.0.1:8080/ocsp")
        #expect(scenario.server.policy == .proactive)
        #expect(scenario.server.workers == 3)
        #expect(scenario.server.responderTimeout == .seconds(5))
        #expect(scenario.server.stapleErrors == false)
        #expect(scenario.server.tls == .tls12)
        #expect(scenario.server.restarts == [7, 3])
        #expect(scenario.responder.host == "ocsp.test")
        #expect(scenario.responder.maxAge == .seconds(600))
        #expect(scenario.responder.signer == .delegated)
        // Outages come out in time order.
        #expect(scenario.responder.outages == [
            Scenario.Outage(kind: .hang, window: .init(from: .seconds(10), to: .seconds(7200))),
            Scenario.Outage(kind: .slow(.seconds(5)), window: .init(from: .seconds(7200), to: nil)),
        ])
        #expect(scenario.responder.outage(at: 5) == nil)
        #expect(scenario.responder.outage(at: 10)?.kind == .hang)
        #expect(scenario.responder.outage(at: 9000)?.kind == .slow(.seconds(5)))
        #expect(scenario.resolver.delay == .milliseconds(2))
        let link = scenario.links.clientServer
        #expect(link.bandwidth.bitsPerSecond == 16_000_000)
        #expect(link.faults == [
            Scenario.Link.Fault(kind: .resetAfter(bytes: 100), window: .init(from: .seconds(1), to: .seconds(2))),
            Scenario.Link.Fault(kind: .closeAfter(.milliseconds(50)), window: .init(from: .seconds(2))),
        ])
        #expect(link.fault(at: 1.5)?.kind == .resetAfter(bytes: 100))
        #expect(link.fault(at: 0.5) == nil)
        #expect(scenario.workload == Scenario.Workload(warmup: 0, handshakes: 8, concurrency: 3, pace: .milliseconds(100),
                                                       timeout: .seconds(9), freshConnections: false))
        // A client's override replaces only what it names.
        #expect(scenario.link(.clientServer, for: alice) == Scenario.Link(delay: .milliseconds(150), jitter: .milliseconds(1),
                                                                          bandwidth: link.bandwidth, faults: link.faults))
        #expect(scenario.link(.clientServer) == link)
        #expect(scenario.link(.clientResponder, for: alice) == scenario.links.clientResponder)
    }

    @Test func visitCycleGoesRoundRobinOverInstancesAndSites() throws {
        let scenario = try ScenarioTestSupport.load("""
            sites: [{host: a.example}, {host: b.example}]
            clients:
              - { name: Alice, count: 2 }
              - { name: Bob, visits: [b.example] }
            """)
        #expect(scenario.visitCycle().map { "\($0.client)>\($0.site)" } == [
            "Alice-1>a.example", "Alice-1>b.example", "Alice-2>a.example", "Alice-2>b.example", "Bob>b.example",
        ])
        #expect(scenario.visitCycle().map(\.clientIndex) == [0, 0, 0, 0, 1])
    }

    @Test func serverStaplesOnlyInStapledModeUnlessOff() throws {
        let auto = Scenario.Server()
        #expect(Scenario.Mode.allCases.map(auto.staples(in:)) == [false, false, true, false, false, false])
        let off = Scenario.Server(stapling: .off)
        #expect(Scenario.Mode.allCases.map(off.staples(in:)) == [false, false, false, false, false, false])
    }
}

extension ScenarioDefaultsTests {
    @Test func problemsAfterAnOverride() throws {
        var scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("server: {restarts: [21]}"))
        #expect(scenario.problems() == [])
        scenario.workload.handshakes = 5  // as `--handshakes 5` would
        #expect(scenario.problems() == [
            "server.restarts[0]: a restart after handshake 21 never happens: a mode makes 7 (warmup 2 + handshakes 5, "
                + "numbered 0 … 6); use a smaller number or more handshakes",
        ])
    }

    @Test func problemsAtSweepPoints() throws {
        var scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            sweep:
              - field: server.policy
                values: [lazy, blocking]
            """))
        scenario.workload.timeout = .seconds(5)
        #expect(scenario.problems() == [
            "server.responder_timeout: a blocking server waits up to 10s for the responder, not less than "
                + "workload.timeout 5s, so an attempt would end before the server gives up; lower responder_timeout or "
                + "raise workload.timeout (at sweep point server.policy=blocking)",
        ])
    }

    @Test func theDefaultScenarioPathExists() throws {
        let path = ScenarioTestSupport.packageRoot.appendingPathComponent(ScenarioLoader.defaultScenarioPath).path
        #expect(try ScenarioLoader.load(path: path).name == "classic-vs-stapled")
    }
}

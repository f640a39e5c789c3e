import Testing
import NIOPosix
import StapleCore
import StapleTestSupport
@testable import StapleEngine

/// `server.fetch_timeout`, the field added through `Scenario.Server.fields` alone: decoded,
/// written back by the resolved YAML, swept, and refused out of range with FILE:LINE.
@Suite struct ScenarioServerFieldTests {
    @Test func fetchTimeoutDefaultsToTheRealServersSixtySeconds() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal())
        #expect(scenario.server.fetchTimeout == .seconds(60))
        #expect(ServerDefaults.fetchTimeout == .seconds(60))
    }

    @Test func fetchTimeoutDecodes() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("server: { fetch_timeout: 1500ms }"))
        #expect(scenario.server.fetchTimeout == .milliseconds(1500))
    }

    @Test func theResolvedYAMLWritesItAndReadsBackTheSame() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("server: { fetch_timeout: 7s }"))
        let yaml = scenario.resolvedYAML()
        let lines = yaml.split(separator: "\n").map(String.init)
        // In table order: after responder_timeout, before staple_errors.
        let start = try #require(lines.firstIndex(of: "server:"))
        #expect(Array(lines[(start + 1)...].prefix(11)) == [
            "  kind: builtin", "  stapling: auto", "  verify: true",
            "  responder_url: null  # null: the certificate's AIA URL", "  policy: lazy", "  workers: 1",
            "  responder_timeout: 10s", "  fetch_timeout: 7s", "  staple_errors: true", "  tls: \"1.3\"", "  restarts: []",
        ])
        let again = try ScenarioTestSupport.load(yaml, file: "resolved.yaml")
        #expect(again == scenario)
        #expect(again.server.fetchTimeout == .seconds(7))
    }

    @Test(.awaitsTeardown) func theBuiltInServerRunsWithIt() async throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("server: { fetch_timeout: 7s }"))
        let world = World(scenario: scenario, mode: .stapled, trace: Trace(), group: MultiThreadedEventLoopGroup.singleton)
        Teardown.add { await world.stop() }
        try await world.start()
        let config = try #require(await world.server?.config)
        #expect(config.fetchTimeout == .seconds(7))
        #expect(config.retryAfterFailure == ServerDefaults.retryAfterFailure)
    }

    @Test func aSweepSetsIt() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            sweep:
              - field: server.fetch_timeout
                values: [2s, 30s]
            """))
        let points = scenario.sweepPoints()
        #expect(points.map(\.label) == ["server.fetch_timeout=2s", "server.fetch_timeout=30s"])
        #expect(points.map(\.scenario.server.fetchTimeout) == [.seconds(2), .seconds(30)])
        #expect(SweepField.allPaths(in: scenario).contains("server.fetch_timeout"))
    }

    @Test func outOfRangeIsRefusedWithFileAndLine() {
        let errors = ScenarioTestSupport.errors(ScenarioTestSupport.minimal("""
            server:
              fetch_timeout: 11m
            """))
        #expect(errors.map(\.description) == [
            "t.yaml:6: server.fetch_timeout: must be at most 10m, found '11m'; a run would never make progress",
        ])
        let zero = ScenarioTestSupport.errors(ScenarioTestSupport.minimal("server: { fetch_timeout: 0 }"))
        #expect(zero.map(\.description) == ["t.yaml:5: server.fetch_timeout: must be more than 0, found '0'; write e.g. 2s"])
    }

    @Test func aSweepValueOutOfRangeIsRefusedToo() {
        let errors = ScenarioTestSupport.errors(ScenarioTestSupport.minimal("""
            sweep:
              - field: server.fetch_timeout
                values: [2s, 2h]
            """))
        #expect(errors.map(\.description) == [
            "t.yaml:7: sweep[0].values[1]: server.fetch_timeout: must be at most 10m, found '2h'; a run would never make progress",
        ])
    }

    @Test func everySweepableServerPathIsARowWithAKind() {
        #expect(Scenario.Server.fields.map(\.key) == ScenarioDecoder.serverKeys)
        #expect(Scenario.Server.fields.filter { $0.kind == nil }.map(\.key) == ["responder_url", "restarts"])
        #expect(SweepField.notSweepable.contains("server.restarts"))
        #expect(SweepField.notSweepable.contains("server.responder_url"))
    }

    @Test func workloadIsATableToo() throws {
        #expect(Scenario.Workload.fields.map(\.key) == ScenarioDecoder.workloadKeys)
        #expect(ScenarioDecoder.workloadKeys == ["warmup", "handshakes", "concurrency", "pace", "timeout", "fresh_connections"])
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("workload: { concurrency: 3, pace: 5ms }"))
        #expect(scenario.workload.concurrency == 3 && scenario.workload.pace == .milliseconds(5))
        #expect(try ScenarioTestSupport.load(scenario.resolvedYAML()) == scenario)
    }

    @Test func aSweepOfAWorkloadFieldIsHeldToTheFieldsRange() {
        // Before the table, a sweep took any concurrency of 1 or more.
        let errors = ScenarioTestSupport.errors(ScenarioTestSupport.minimal("""
            sweep:
              - field: workload.concurrency
                values: [2, 20000]
            """))
        #expect(errors.map(\.description) == [
            "t.yaml:7: sweep[0].values[1]: workload.concurrency: must be at most 10000, found 20000",
        ])
    }
}

import StapleCore
import Testing
@testable import StapleEngine

@Suite struct SweepTests {
    private func error(_ code: ScenarioError.Code, _ line: Int, _ path: String, _ message: String) -> ScenarioError {
        ScenarioError(code, file: "t.yaml", line: line, path: path, message: message)
    }

    @Test func withoutASweepThereIsOnePointWithAnEmptyLabel() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal())
        let points = scenario.sweepPoints()
        #expect(points.count == 1)
        #expect(points[0].label == "")
        #expect(points[0].assignments == [])
        #expect(points[0].scenario == scenario)
        #expect(scenario.sweepPointCount == 1)
    }

    @Test func gridIsTheCartesianProductFirstAxisOutermost() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            sweep:
              - fields: [links.client-server.rtt, links.client-responder.rtt]
                values: [1ms, 20ms, 300ms]
              - field: server.policy
                values: [lazy, blocking]
            """))
        let points = scenario.sweepPoints()
        #expect(scenario.sweepPointCount == 6)
        #expect(points.map(\.index) == Array(0..<6))
        #expect(points.map(\.label) == [
            "links.client-server.rtt=1ms,links.client-responder.rtt=1ms,server.policy=lazy",
            "links.client-server.rtt=1ms,links.client-responder.rtt=1ms,server.policy=blocking",
            "links.client-server.rtt=20ms,links.client-responder.rtt=20ms,server.policy=lazy",
            "links.client-server.rtt=20ms,links.client-responder.rtt=20ms,server.policy=blocking",
            "links.client-server.rtt=300ms,links.client-responder.rtt=300ms,server.policy=lazy",
            "links.client-server.rtt=300ms,links.client-responder.rtt=300ms,server.policy=blocking",
        ])
        // The values are applied: rtt becomes a one-way delay of half.
        #expect(points.map(\.scenario.links.clientServer.delay.nanoseconds) == [
            500_000, 500_000, 10_000_000, 10_000_000, 150_000_000, 150_000_000,
        ])
        #expect(points.map(\.scenario.links.clientResponder.delay) == points.map(\.scenario.links.clientServer.delay))
        #expect(points.map(\.scenario.server.policy) == [.lazy, .blocking, .lazy, .blocking, .lazy, .blocking])
        // Nothing else moves, and a point has no sweep of its own.
        for point in points {
            #expect(point.scenario.links.serverResponder == scenario.links.serverResponder)
            #expect(point.scenario.sweep == [])
            #expect(point.scenario.workload == scenario.workload)
        }
    }

    @Test func tuplesSetSeveralFieldsToDifferentValues() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            sweep:
              - fields: [server.kind, server.policy]
                values: [[builtin, blocking], [apache, blocking], [nginx, lazy]]
            """))
        let points = scenario.sweepPoints()
        #expect(points.map(\.label) == [
            "server.kind=builtin,server.policy=blocking", "server.kind=apache,server.policy=blocking",
            "server.kind=nginx,server.policy=lazy",
        ])
        #expect(points.map(\.scenario.server.kind) == [.builtin, .apache, .nginx])
        #expect(points.map(\.scenario.server.policy) == [.blocking, .blocking, .lazy])
    }

    @Test func sweepingTheKindBringsTheRealServersPolicy() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            server: { policy: proactive }
            sweep:
              - field: server.kind
                values: [builtin, nginx, apache]
            """))
        #expect(scenario.sweepPoints().map(\.scenario.server.policy) == [.proactive, .lazy, .blocking])
    }

    @Test func clientSiteAndOtherFieldsByName() throws {
        let scenario = try ScenarioTestSupport.load("""
            sites: [{host: a.example}, {host: b.example}]
            clients:
              - name: Alice
              - name: Milo
                links: { client-server: { jitter: 5ms } }
            sweep:
              - field: clients.Milo.links.client-server.rtt
                values: [100ms]
              - field: clients.Alice.timeout
                values: [1s]
              - field: sites.b.example.key
                values: [rsa]
              - field: sites.a.example.status
                values: [revoked]
              - field: workload.concurrency
                values: [4]
              - field: time_scale
                values: [3600]
              - field: links.server-responder.bandwidth
                values: [1mbit]
              - field: server.tls
                values: ["1.2"]
            """)
        let points = scenario.sweepPoints()
        #expect(points.count == 1)
        let point = try #require(points.first).scenario
        #expect(point.clients[1].links[.clientServer] == Scenario.Link.Override(delay: .milliseconds(50), jitter: .milliseconds(5)))
        #expect(point.clients[0].links == [:])
        #expect(point.clients[0].profile.timeout == .seconds(1))
        #expect(point.clients[1].profile.timeout == .seconds(2))
        #expect(point.sites.map(\.key) == [.ecP256, .rsa2048])
        #expect(point.sites.map(\.status) == [.revoked(.unspecified), .good])
        #expect(point.workload.concurrency == 4)
        #expect(point.timeScale == 3600)
        #expect(point.links.serverResponder.bandwidth.bitsPerSecond == 1_000_000)
        #expect(point.server.tls == .tls12)
        #expect(points[0].label == "clients.Milo.links.client-server.rtt=100ms,clients.Alice.timeout=1s,"
                + "sites.b.example.key=rsa,sites.a.example.status=revoked,workload.concurrency=4,time_scale=3600,"
                + "links.server-responder.bandwidth=1mbit,server.tls=1.2")
    }

    @Test func labelsUseTheCanonicalForm() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            sweep:
              - field: responder.delay
                values: [0.5ms, 1000ms, 90s]
              - field: links.client-server.bandwidth
                values: [2MB/s, unlimited]
              - field: server.verify
                values: [TRUE, false]
            """))
        #expect(scenario.sweepPoints().map(\.label).prefix(4) == [
            "responder.delay=500us,links.client-server.bandwidth=16mbit,server.verify=true",
            "responder.delay=500us,links.client-server.bandwidth=16mbit,server.verify=false",
            "responder.delay=500us,links.client-server.bandwidth=unlimited,server.verify=true",
            "responder.delay=500us,links.client-server.bandwidth=unlimited,server.verify=false",
        ])
        #expect(scenario.sweepPoints().map(\.scenario.responder.delay).enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
                == [.milliseconds(0.5), .seconds(1), .seconds(90)])
    }

    @Test func unknownFieldWithDidYouMean() {
        let yaml = ScenarioTestSupport.minimal("""
            sweep:
              - field: links.client-server.rt
                values: [1ms]
            """)
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.invalidSweep, 6, "sweep[0].field",
                  "unknown field 'links.client-server.rt'; did you mean 'links.client-server.rtt'?; "
                  + "sweepable fields are listed in Scenarios/README.md (Sweeps)"),
        ])
    }

    @Test func notSweepableFieldsAndUnknownNames() {
        let yaml = ScenarioTestSupport.minimal("""
            sweep:
              - field: server.restarts
                values: [1]
              - fields: [clients.Bob.timeout, sites.example.org.key, clients.Alice.profile]
                values: [1s]
            """)
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.invalidSweep, 6, "sweep[0].field",
                  "'server.restarts' cannot be swept: a sweep sets single numbers, durations, bandwidths, flags and "
                  + "names, not lists or text (see Scenarios/README.md, Sweeps)"),
            error(.invalidSweep, 8, "sweep[1].fields[0]", "no client named 'Bob' (known: Alice)"),
            error(.invalidSweep, 8, "sweep[1].fields[1]",
                  "no site 'example.org'; did you mean 'example.com'? (known: example.com)"),
            error(.invalidSweep, 8, "sweep[1].fields[2]",
                  "'clients.Alice.profile' cannot be swept: a sweep sets single numbers, durations, bandwidths, flags "
                  + "and names, not lists or text (see Scenarios/README.md, Sweeps)"),
        ])
    }

    @Test func valuesOfTheWrongTypeForTheField() {
        let yaml = ScenarioTestSupport.minimal("""
            sweep:
              - field: links.client-server.rtt
                values: [1ms, 20, fast]
              - fields: [server.policy, workload.handshakes]
                values: [[lazy, 0], [eager, 5], [lazy]]
            """)
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.invalidDuration, 7, "sweep[0].values[1]",
                  "links.client-server.rtt: '20' has no unit; write e.g. 20ms or 20s"),
            error(.invalidDuration, 7, "sweep[0].values[2]",
                  "links.client-server.rtt: 'fast' is not a duration; write a number and a unit, e.g. 50ms or 2s"),
            error(.outOfRange, 9, "sweep[1].values[0][1]", "workload.handshakes: must be 1 or more, found 0"),
            error(.unknownName, 9, "sweep[1].values[1][0]",
                  "server.policy: unknown policy 'eager' (known: lazy, blocking, proactive)"),
            error(.invalidSweep, 9, "sweep[1].values[2]",
                  "has 1 value but the axis has 2 fields; give one value per field, in the order of fields"),
        ])
    }

    @Test func shapeMistakes() {
        let yaml = ScenarioTestSupport.minimal("""
            sweep:
              - field: server.policy
                fields: [server.kind]
                values: [lazy]
              - field: links.client-server.rtt
              - field: workload.concurrency
                values: [1, 2, 1]
              - values: [1]
              - field: links.client-server.delay
                values: [1ms]
              - field: workload.concurrency
                values: [3]
            """)
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.conflict, 7, "sweep[0].fields", "give field (one) or fields (several moving together), not both"),
            error(.missing, 9, "sweep[1].values", "missing; list the values to sweep through, e.g. values: [1ms, 20ms, 100ms]"),
            error(.duplicate, 11, "sweep[2].values[2]", "repeats values[0]; give each value once"),
            error(.missing, 12, "sweep[3].fields", "missing; name what to sweep, e.g. field: links.client-server.rtt"),
            error(.conflict, 13, "sweep[4].field",
                  "'links.client-server.delay' sets the same delay as 'links.client-server.rtt' (sweep[1]); sweep one of them"),
            error(.duplicate, 15, "sweep[5].field",
                  "'workload.concurrency' is already swept by sweep[2]; a field moves along one axis only"),
        ])
    }

    @Test func gridTooLarge() {
        let values = (1...40).map { "\($0)ms" }.joined(separator: ", ")
        let yaml = ScenarioTestSupport.minimal("""
            sweep:
              - field: links.client-server.rtt
                values: [\(values)]
              - field: links.client-responder.rtt
                values: [\(values)]
            """)
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.invalidSweep, 6, "sweep", "the grid has 1600 points, more than 1000; use fewer values or fewer axes"),
        ])
    }

    /// One axis longer than any grid may be is refused as such, before its values are read.
    @Test func axisTooLong() {
        let values = (1...1001).map { "\($0)ms" }.joined(separator: ", ")
        let yaml = ScenarioTestSupport.minimal("""
            sweep:
              - field: links.client-server.rtt
                values: [\(values)]
            """)
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.invalidSweep, 7, "sweep[0].values", "has 1001 values, more than a grid may have (1000); use fewer values"),
        ])
    }

    /// Seven axes of 1000 values multiply past Int.max: the product saturates instead of trapping.
    @Test func gridProductDoesNotOverflow() {
        let values = "[" + (1...1000).map { "\($0)ms" }.joined(separator: ", ") + "]"
        let fields = ["client-server.rtt", "client-server.jitter", "client-responder.rtt", "client-responder.jitter",
                      "server-responder.rtt", "server-responder.jitter", "client-resolver.rtt"]
        let axes = fields.map { "  - field: links.\($0)\n    values: \(values)" }.joined(separator: "\n")
        let errors = ScenarioTestSupport.errors(ScenarioTestSupport.minimal("sweep:\n" + axes))
        #expect(errors.map(\.path) == ["sweep"])
        #expect(errors.first?.message == "the grid has \(Int.max) points, more than 1000; use fewer values or fewer axes")
    }

    /// A long axis is checked for repeats in linear time (it was quadratic): 1000 distinct values validate.
    @Test func longAxisOfDistinctValuesValidates() throws {
        let values = (1...1000).map { "\($0)ms" }.joined(separator: ", ")
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            sweep:
              - field: links.client-server.rtt
                values: [\(values)]
            """))
        #expect(scenario.sweepPointCount == 1000)
    }

    /// Combinations are checked at every point; the error points at the sweep value that
    /// caused it and names every point where it happens.
    @Test func everyPointIsValidated() {
        let yaml = """
            sites: [{host: example.com}]
            clients: [{name: Alice}]
            workload: { timeout: 5s }
            sweep:
              - field: clients.Alice.timeout
                values: [1s, 2s, 6s]
              - fields: [server.kind, server.policy]
                values:
                  - [builtin, lazy]
                  - [nginx, blocking]
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.conflict, 6, "clients.Alice.timeout",
                  "Alice's OCSP timeout 6s is not shorter than workload.timeout 5s, so an attempt would end before Alice "
                  + "gives up on the responder; lower Alice's timeout or raise workload.timeout (at sweep points "
                  + "clients.Alice.timeout=6s,server.kind=builtin,server.policy=lazy; "
                  + "clients.Alice.timeout=6s,server.kind=nginx,server.policy=blocking)"),
            error(.conflict, 10, "server.policy",
                  "nginx staples lazily (a handshake without a cached response gets none), so its policy is lazy, not "
                  + "blocking; write policy: lazy, or use kind: builtin to run the blocking policy (at sweep points "
                  + "clients.Alice.timeout=1s,server.kind=nginx,server.policy=blocking; "
                  + "clients.Alice.timeout=2s,server.kind=nginx,server.policy=blocking; "
                  + "clients.Alice.timeout=6s,server.kind=nginx,server.policy=blocking)"),
            error(.conflict, 10, "server.policy",
                  "a blocking server waits up to 10s for the responder, not less than workload.timeout 5s, so an attempt "
                  + "would end before the server gives up; lower responder_timeout or raise workload.timeout (at sweep "
                  + "points clients.Alice.timeout=1s,server.kind=nginx,server.policy=blocking; "
                  + "clients.Alice.timeout=2s,server.kind=nginx,server.policy=blocking; "
                  + "clients.Alice.timeout=6s,server.kind=nginx,server.policy=blocking)"),
        ])
    }

    @Test func aBaseProblemIsReportedOnceNotPerPoint() {
        let yaml = """
            sites: [{host: example.com}]
            clients: [{name: Alice}]
            workload: { timeout: 1s }
            sweep:
              - field: server.policy
                values: [lazy, blocking]
            """
        // The client's 2 s timeout clashes in the file itself; the sweep adds the blocking server's.
        let errors = ScenarioTestSupport.errors(yaml)
        #expect(errors.map(\.path) == ["workload.timeout"])
        #expect(errors.map(\.line) == [3])
        #expect(errors.first?.message.hasSuffix("raise workload.timeout") == true)
    }
}

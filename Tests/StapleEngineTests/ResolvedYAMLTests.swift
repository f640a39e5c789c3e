import Foundation
import StapleCore
import Testing
@testable import StapleEngine

@Suite struct ResolvedYAMLTests {
    /// A scenario that uses every feature, with values chosen to be awkward to write back:
    /// odd delays from rtt halves, quotes and newlines in the description, faults and
    /// outages without an end, per-client overrides, a tuple sweep.
    static let everything = """
        name: everything
        description: "quotes \\" and 'single', a colon: here, # not a comment\\nand a second line"
        seed: 18446744073709551615
        time_scale: 0.25
        modes: [stapled, none]
        sites:
          - { host: a.example, status: revoked, revoked_reason: cessationOfOperation, must_staple: true }
          - { host: b.example, intermediate: true, key: rsa, status: unknown }
        clients:
          - name: Alice
            count: 3
            profile: strict
            visits: [b.example]
            method: get
            links:
              client-server: { rtt: 25ms, bandwidth: 1.5kbit, faults: [{kind: close, after: 1.5s}] }
              client-resolver: { jitter: 3ms, faults: [] }
          - name: Carol
            profile: chrome
        server:
          responder_url: "http://127.0.0.1:8080/ocsp?x=1"
          policy: blocking
          workers: 4
          responder_timeout: 1500ms
          staple_errors: false
          tls: "1.2"
          restarts: [9, 2]
          stapling: off
          verify: false
        responder:
          host: ocsp.x.test
          delay: 250us
          validity: 36h
          max_age: 0
          signer: delegated
          outages:
            - { kind: try-later, from: 1m, to: 2m }
            - { kind: slow, delay: 333ms, from: 2m }
            - { kind: internal-error, to: 30s }
        resolver: { delay: 3ms }
        links:
          client-server: { rtt: 33ms, jitter: 1ms, bandwidth: 2MB/s }
          server-responder:
            delay: 7ms
            faults:
              - { kind: reset, after_bytes: 12, from: 10s, to: 20s }
              - { kind: refuse, from: 20s }
        workload: { warmup: 1, handshakes: 11, concurrency: 2, pace: 20ms, timeout: 12s, fresh_connections: false }
        sweep:
          - fields: [server.kind, server.policy]
            values: [[builtin, proactive], [apache, blocking]]
          - fields: [links.client-server.rtt, clients.Alice.links.client-server.delay]
            values: [3ms, 50ms]
          - field: clients.Carol.online_ocsp
            values: [false]
          - field: server.tls
            values: ["1.3"]
        """

    @Test func everythingRoundTrips() throws {
        let scenario = try ScenarioTestSupport.load(Self.everything)
        let yaml = scenario.resolvedYAML()
        let again = try ScenarioLoader.load(text: yaml, fileName: "scenario.yaml")
        #expect(again == scenario)
        #expect(again.sweepPoints() == scenario.sweepPoints())
        // Writing the reloaded scenario gives the same text: nothing drifts.
        #expect(again.resolvedYAML() == yaml)
    }

    @Test func everyShippedScenarioRoundTrips() throws {
        let paths = try ScenarioTestSupport.shippedScenarioPaths()
        #expect(paths.count >= 9)
        for path in paths {
            let scenario = try ScenarioLoader.load(path: path)
            let again = try ScenarioLoader.load(text: scenario.resolvedYAML(), fileName: "scenario.yaml")
            #expect(again == scenario, "\(path)")
            #expect(again.sweepPoints().map(\.label) == scenario.sweepPoints().map(\.label), "\(path)")
        }
    }

    @Test func writesEveryDefaultOut() throws {
        let yaml = try ScenarioTestSupport.load(ScenarioTestSupport.minimal(), file: "mini.yaml").resolvedYAML()
        let lines = Set(yaml.split(separator: "\n").map(String.init))
        for expected in [
            "name: mini", "description: \"\"", "seed: 1", "modes: [classic, stapled]",
            "  - host: example.com", "    must_staple: false", "    status: good", "    intermediate: true", "    key: ec",
            "  - name: Alice", "    count: 1", "    profile: firefox", "    visits: [example.com]", "    fail: soft",
            "    timeout: 2s", "    method: post", "    check: leaf", "    must_staple: enforce", "    fallback: classic",
            "    cache: true", "    online_ocsp: true",
            "  kind: builtin", "  stapling: auto", "  verify: true", "  policy: lazy", "  workers: 1",
            "  responder_timeout: 10s", "  staple_errors: true", "  tls: \"1.3\"", "  restarts: []",
            "  host: ocsp.ca.test", "  validity: 7d", "  signer: ca", "  outages: []",
            "  client-server:", "    jitter: 0", "    bandwidth: unlimited", "    faults: []",
            "  warmup: 2", "  handshakes: 20", "  concurrency: 1", "  pace: 0", "  timeout: 30s",
            "  fresh_connections: true", "sweep: []",
        ] {
            #expect(lines.contains(expected), "missing line: \(expected)")
        }
        #expect(yaml.contains("  responder_url: null  # null: the certificate's AIA URL\n"))
        #expect(yaml.contains("  max_age: null  # null: until each response's nextUpdate\n"))
        #expect(yaml.contains("    delay: 0  # one-way (rtt 0)\n"))
    }

    @Test func writesOverridesOutagesAndSweepsReadably() throws {
        let yaml = try ScenarioTestSupport.load(Self.everything).resolvedYAML()
        #expect(yaml.contains("""
                links:  # overrides of the links below, for this client only
                  client-server:
                    delay: 12.5ms  # one-way (rtt 25ms)
                    bandwidth: 1500bit
                    faults:
                      - kind: close
                        after: 1500ms
                        from: 0
                        to: null  # null: until the run ends
                  client-resolver:
                    jitter: 3ms
                    faults: []
              - name: Carol

            """))
        #expect(yaml.contains("""
              outages:
                - kind: internal-error
                  from: 0
                  to: 30s
                - kind: try-later
                  from: 1m
                  to: 2m
                - kind: slow
                  delay: 333ms
                  from: 2m
                  to: null  # null: until the run ends

            """))
        #expect(yaml.contains("""
            sweep:  # 4 points
              - fields: [server.kind, server.policy]
                values: [[builtin, proactive], [apache, blocking]]
              - fields: [links.client-server.rtt, clients.Alice.links.client-server.delay]
                values: [3ms, 50ms]
              - field: clients.Carol.online_ocsp
                values: [false]
              - field: server.tls
                values: ["1.3"]

            """))
        #expect(yaml.contains("  responder_url: \"http://127.0.0.1:8080/ocsp?x=1\"\n"))
    }

    @Test(arguments: ["plain", "with space", "", "null", "true", "1.3", "-dash", "a: b", "x #y", "[x]", "tab\tin",
                      "new\nline", "quote\"s", "back\\slash", "ünï", "\u{1}"])
    func scalarsReadBackAsTheSameText(text: String) throws {
        let written = YAMLWriter.scalar(text)
        let parsed = try #require(try YAMLValue.parse("k: \(written)\n"))
        guard case .mapping(let entries, _) = parsed, case .scalar(let value, _, _) = entries[0].value else {
            Issue.record("not a mapping: \(written)")
            return
        }
        #expect(value == text, "\(written)")
        #expect(entries[0].value.isNull == false)
    }
}

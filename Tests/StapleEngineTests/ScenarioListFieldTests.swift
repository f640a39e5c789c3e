import StapleCore
import Testing
@testable import StapleEngine

/// `sites[i]`, `clients[i]` and the links (top-level and a client's) are each driven by one field
/// table (``Scenario/Site/fields``, ``Scenario/Client/fields``, ``Scenario/Link/Override/fields``):
/// the decoder's keys and values, the resolved YAML and the sweep paths read the same rows.
@Suite struct ScenarioListFieldTests {
    private func error(_ code: ScenarioError.Code, _ line: Int, _ path: String, _ message: String) -> ScenarioError {
        ScenarioError(code, file: "t.yaml", line: line, path: path, message: message)
    }

    @Test func theKeysAreTheTablesInTheirDocumentedOrder() {
        #expect(ScenarioDecoder.siteKeys == Scenario.Site.fields.map(\.key))
        #expect(ScenarioDecoder.siteKeys == ["host", "must_staple", "status", "revoked_reason", "intermediate", "key", "revoke_at"])
        #expect(ScenarioDecoder.clientKeys == Scenario.Client.fields.map(\.key))
        #expect(ScenarioDecoder.clientKeys == ["name", "kind", "count", "profile", "visits", "fail", "timeout", "method", "check",
                                               "must_staple", "fallback", "cache", "online_ocsp", "short_lived_threshold", "links"])
        #expect(ScenarioDecoder.linkKeys == Scenario.Link.Override.fields.map(\.key))
        #expect(ScenarioDecoder.linkKeys == ["delay", "rtt", "jitter", "bandwidth", "faults"])
    }

    @Test func anUnknownKeyNamesTheTablesKeys() {
        let errors = ScenarioTestSupport.errors("""
            sites:
              - { host: example.com, colour: red }
            clients:
              - { name: Alice, timout: 1s }
            links:
              client-server: { latency: 5ms }
            """)
        #expect(errors == [
            error(.unknownKey, 2, "sites[0].colour",
                  "unknown key 'colour' (known: host, must_staple, status, revoked_reason, intermediate, key, revoke_at)"),
            error(.unknownKey, 4, "clients[0].timout",
                  "unknown key 'timout'; did you mean 'timeout'? (known: name, kind, count, profile, visits, fail, timeout, "
                  + "method, check, must_staple, fallback, cache, online_ocsp, short_lived_threshold, links)"),
            error(.unknownKey, 6, "links.client-server.latency",
                  "unknown key 'latency' (known: delay, rtt, jitter, bandwidth, faults)"),
        ])
    }

    @Test func aMissingOrEmptyListIsReportedOncePerList() {
        #expect(ScenarioTestSupport.errors("sites: []\nclients: []\n") == [
            error(.missing, 1, "sites", "the list is empty; add at least one site, e.g. - host: example.com"),
            error(.missing, 2, "clients", "the list is empty; add at least one client, e.g. - name: Alice"),
        ])
        #expect(ScenarioTestSupport.errors("sites: example.com\nclients: [Alice]\n") == [
            error(.wrongType, 1, "sites", "expected a list, found 'example.com'; write e.g. [{host: example.com}]"),
            error(.wrongType, 2, "clients[0]", "expected a mapping of keys to values, found 'Alice'"),
        ])
    }

    /// Every list that needs an item says so the same way (one reader, nonEmptyList).
    @Test func anEmptyVisitsFieldsOrValuesListSaysWhatToWrite() {
        let errors = ScenarioTestSupport.errors("""
            sites: [{host: example.com}]
            clients: [{name: Alice, visits: []}]
            sweep:
              - fields: []
                values: [1ms]
              - field: links.client-server.rtt
                values: []
            """)
        #expect(errors == [
            error(.missing, 2, "clients[0].visits",
                  "the list is empty; list sites by host, or leave visits out to visit every site"),
            error(.missing, 4, "sweep[0].fields", "the list is empty; name at least one field"),
            error(.missing, 7, "sweep[1].values", "the list is empty; give at least one value"),
        ])
    }

    /// New with the table: a client's `short_lived_threshold` is a row with a kind, so a sweep sets it.
    @Test func aSweepSetsAClientsShortLivedThreshold() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            sweep:
              - field: clients.Alice.short_lived_threshold
                values: [0, 10d, 30d]
            """))
        let points = scenario.sweepPoints()
        #expect(points.map(\.label) == ["clients.Alice.short_lived_threshold=0", "clients.Alice.short_lived_threshold=10d",
                                        "clients.Alice.short_lived_threshold=30d"])
        #expect(points.map(\.scenario.clients[0].profile.shortLivedThreshold) == [.zero, .seconds(864_000), .seconds(2_592_000)])
        #expect(points.map(\.scenario.clients[0].profile.timeout) == [.seconds(2), .seconds(2), .seconds(2)])
        #expect(SweepField.allPaths(in: scenario).contains("clients.Alice.short_lived_threshold"))
        // Held to the field's own limit, a policy time of a year, as in the file.
        let errors = ScenarioTestSupport.errors(ScenarioTestSupport.minimal("""
            sweep:
              - field: clients.Alice.short_lived_threshold
                values: [1d, 400d]
            """))
        #expect(errors.map(\.description) == [
            "t.yaml:7: sweep[0].values[1]: clients.Alice.short_lived_threshold: must be at most 366d, found '400d'; "
                + "a run would never make progress",
        ])
    }

    @Test func rowsWithoutASweepAreRefusedAsNotSweepable() {
        let errors = ScenarioTestSupport.errors(ScenarioTestSupport.minimal("""
            sweep:
              - fields: [clients.Alice.kind, sites.example.com.revoke_at, links.client-server.faults,
                         clients.Alice.links.client-server.faults, sites.example.com.host]
                values: [x]
            """))
        #expect(errors.map(\.path) == ["sweep[0].fields[0]", "sweep[0].fields[1]", "sweep[0].fields[2]", "sweep[0].fields[3]",
                                       "sweep[0].fields[4]"])
        #expect(errors.allSatisfy { $0.message.contains("cannot be swept") }, "\(errors)")
        #expect(SweepField.notSweepable.isSuperset(of: [
            "clients.*.name", "clients.*.kind", "clients.*.profile", "clients.*.visits", "clients.*.links",
            "sites.*.host", "sites.*.revoked_reason", "sites.*.revoke_at", "links.*.faults", "clients.*.links.*.faults",
            "responder.outages", "responder.host", "server.restarts",
        ]))
        #expect(ScenarioDecoder.responderKeys == ["host", "delay", "validity", "max_age", "signer", "outages"])
        #expect(!SweepField.notSweepable.contains("clients.*.short_lived_threshold"))
    }

    /// Every sweepable path of a site, a client or a link is a row of its table, with the row's kind.
    @Test func everySweepPathOfAListSectionIsASweepableRow() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal())
        let paths = SweepField.allPaths(in: scenario)
        let sitePaths = paths.filter { $0.hasPrefix("sites.") }
        #expect(sitePaths == ["sites.example.com.must_staple", "sites.example.com.status", "sites.example.com.intermediate",
                              "sites.example.com.key"])
        let clientPaths = paths.filter { $0.hasPrefix("clients.Alice.") && !$0.contains(".links.") }
        #expect(clientPaths == ["count", "fail", "timeout", "method", "check", "must_staple", "fallback", "cache", "online_ocsp",
                                "short_lived_threshold"].map { "clients.Alice.\($0)" })
        #expect(paths.filter { $0.hasPrefix("links.client-server.") }
                == ["delay", "rtt", "jitter", "bandwidth"].map { "links.client-server.\($0)" })
        #expect(paths.filter { $0.hasPrefix("clients.Alice.links.") }.count == 3 * 4)
        for path in sitePaths + clientPaths {
            let field = try SweepField.parse(path, in: scenario).get()
            let key = String(path.split(separator: ".").last!)
            let row = path.hasPrefix("sites.") ? Scenario.Site.field(key)?.kind : Scenario.Client.field(key)?.kind
            #expect(field.kind == row, "\(path)")
        }
    }

    @Test func aSweepOfATopLevelLinkFieldKeepsTheOthers() throws {
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            links:
              client-server: { rtt: 40ms, bandwidth: 1mbit, faults: [{kind: hang, from: 1m}] }
            sweep:
              - field: links.client-server.jitter
                values: [2ms]
              - field: clients.Alice.links.client-responder.bandwidth
                values: [10kbit]
            """))
        let point = try #require(scenario.sweepPoints().first).scenario
        #expect(point.links.clientServer == Scenario.Link(delay: .milliseconds(20), jitter: .milliseconds(2),
                                                          bandwidth: Scenario.Bandwidth(bitsPerSecond: 1_000_000),
                                                          faults: scenario.links.clientServer.faults))
        #expect(point.clients[0].links == [.clientResponder: Scenario.Link.Override(bandwidth: Scenario.Bandwidth(bitsPerSecond: 10_000))])
    }

    /// What a real program cannot take is the rows that do not apply to it: the decoder refuses
    /// them, and the resolved YAML does not write them.
    @Test func aRealClientTakesOnlyTheRowsThatApplyToIt() throws {
        let levers = "profile: strict, fail: hard, timeout: 1s, method: get, check: chain, must_staple: ignore, "
            + "fallback: none, cache: false, online_ocsp: true, short_lived_threshold: 1d"
        var refused: [String: [String]] = [:]
        for kind in ["curl", "gnutls", "chromium", "firefox"] {
            let errors = ScenarioTestSupport.errors("sites: [{host: a.example}]\nclients: [{name: c, kind: \(kind), \(levers)}]\n")
            #expect(errors.allSatisfy { $0.code == .conflict && $0.message.hasPrefix("a \(kind) client cannot take ") }, "\(errors)")
            refused[kind] = errors.map { String($0.path.dropFirst("clients[0].".count)) }
        }
        let all = ["profile", "fail", "timeout", "method", "check", "must_staple", "fallback", "cache", "online_ocsp",
                   "short_lived_threshold"]
        #expect(refused["curl"] == all)
        #expect(refused["chromium"] == all)
        #expect(refused["gnutls"] == all.filter { $0 != "online_ocsp" })
        #expect(refused["firefox"] == all.filter { $0 != "cache" })
    }

    @Test func theResolvedYAMLWritesSitesClientsAndLinksFromTheTables() throws {
        let scenario = try ScenarioTestSupport.load("""
            sites: [{host: a.example, revoke_at: 30m, revoked_reason: keyCompromise}, {host: b.example, status: unknown}]
            clients:
              - {name: g, kind: gnutls, visits: [a.example], links: {client-responder: {rtt: 10ms}}}
              - {name: f, kind: firefox, cache: true, visits: [b.example]}
              - {name: c, kind: curl, visits: [a.example]}
            links:
              server-responder: { delay: 1ms, jitter: 2ms, bandwidth: 1mbit }
            """)
        let yaml = scenario.resolvedYAML()
        #expect(yaml.contains("""
            sites:
              - host: a.example
                must_staple: false
                status: revoked
                revoked_reason: keyCompromise
                intermediate: true
                key: ec
                revoke_at: 30m  # revoked from then on
              - host: b.example
                must_staple: false
                status: unknown
                intermediate: true
                key: ec
            clients:
              - name: g
                kind: gnutls
                count: 1
                visits: [a.example]
                online_ocsp: true
                links:  # overrides of the links below, for this client only
                  client-responder:
                    delay: 5ms  # one-way (rtt 10ms)
              - name: f
                kind: firefox
                count: 1
                visits: [b.example]
                cache: true
                links: {}  # no overrides of the links below
              - name: c
                kind: curl
                count: 1
                visits: [a.example]
                links: {}  # no overrides of the links below
            server:

            """), "\(yaml)")
        #expect(yaml.contains("""
              server-responder:
                delay: 1ms  # one-way (rtt 2ms)
                jitter: 2ms
                bandwidth: 1mbit
                faults: []
              client-resolver:

            """), "\(yaml)")
        let again = try ScenarioTestSupport.load(yaml, file: "resolved.yaml")
        #expect(again == scenario)
        #expect(again.resolvedYAML() == yaml)
    }

    /// `crl:`, `pushed:`, `short_lived:` and `resolver:` are tables too; `pushed.*`, a single
    /// duration and a whole number, is sweepable now (it was listed as not).
    @Test func theSmallSectionsAreTablesAndPushedIsSweepable() throws {
        #expect(ScenarioDecoder.crlKeys == ["entries", "next_update", "shards"])
        #expect(ScenarioDecoder.pushedKeys == ["interval", "entries"])
        #expect(ScenarioDecoder.shortLivedKeys == ["lifetime"])
        #expect(ScenarioDecoder.resolverKeys == ["delay"])
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            crl: { entries: 10 }
            sweep:
              - field: pushed.interval
                values: [1h, 12h]
              - field: pushed.entries
                values: [100]
              - field: crl.shards
                values: [4]
              - field: resolver.delay
                values: [2ms]
            """))
        let points = scenario.sweepPoints()
        #expect(points.map(\.label) == ["pushed.interval=1h,pushed.entries=100,crl.shards=4,resolver.delay=2ms",
                                        "pushed.interval=12h,pushed.entries=100,crl.shards=4,resolver.delay=2ms"])
        #expect(points.map(\.scenario.pushed) == [Scenario.Pushed(interval: .seconds(3600), entries: 100),
                                                  Scenario.Pushed(interval: .seconds(43_200), entries: 100)])
        #expect(points.map(\.scenario.crl) == [Scenario.CRL(entries: 10, shards: 4), Scenario.CRL(entries: 10, shards: 4)])
        #expect(points.map(\.scenario.resolver.delay) == [.milliseconds(2), .milliseconds(2)])
        let yaml = scenario.resolvedYAML()
        #expect(yaml.contains("""
            crl:
              entries: 10  # other revoked serials, about 35 bytes each
              next_update: 7d
              shards: 1
            pushed:
              interval: 6h
              entries: 0  # other revoked serials, about 35 bytes each
            short_lived:
              lifetime: 160h
            resolver:
              delay: 0

            """), "\(yaml)")
        let errors = ScenarioTestSupport.errors(ScenarioTestSupport.minimal("""
            pushed: { interval: 0, entries: -1 }
            sweep:
              - field: pushed.entries
                values: [300001]
            """))
        #expect(errors.map(\.description) == [
            "t.yaml:5: pushed.interval: must be more than 0, found '0'; write e.g. 2s",
            "t.yaml:5: pushed.entries: must be 0 or more, found -1",
            "t.yaml:8: sweep[0].values[0]: pushed.entries: must be at most 300000, found 300001",
        ])
    }

    /// A link's fault and a responder outage (the windowed items) are tables too: their keys,
    /// the values of their kind's own field, and how the resolved YAML writes them.
    @Test func faultsAndOutagesAreTables() throws {
        #expect(ScenarioDecoder.faultKeys == ["kind", "after_bytes", "after", "from", "to"])
        #expect(ScenarioDecoder.outageKeys == ["kind", "delay", "from", "to"])
        let errors = ScenarioTestSupport.errors(ScenarioTestSupport.minimal("""
            responder:
              outages: [{kind: slow, dely: 1s}]
            links:
              client-server: { faults: [{kind: reset, after_bytes: -1}] }
            """))
        #expect(errors == [
            error(.unknownKey, 6, "responder.outages[0].dely",
                  "unknown key 'dely'; did you mean 'delay'? (known: kind, delay, from, to)"),
            error(.missing, 6, "responder.outages[0].delay",
                  "missing; a slow outage needs the extra delay per request, e.g. delay: 5s"),
            error(.outOfRange, 8, "links.client-server.faults[0].after_bytes", "must be 0 or more, found -1"),
        ])
        let scenario = try ScenarioTestSupport.load(ScenarioTestSupport.minimal("""
            responder:
              outages: [{kind: hang, from: 1m, to: 2m}]
            links:
              client-server: { faults: [{kind: reset, after_bytes: 512, from: 10s}] }
            """))
        let yaml = scenario.resolvedYAML()
        #expect(yaml.contains("""
              outages:
                - kind: hang
                  from: 1m
                  to: 2m

            """), "\(yaml)")
        #expect(yaml.contains("""
                faults:
                  - kind: reset
                    after_bytes: 512
                    from: 10s
                    to: null  # null: until the run ends

            """), "\(yaml)")
        #expect(try ScenarioTestSupport.load(yaml) == scenario)
    }
}

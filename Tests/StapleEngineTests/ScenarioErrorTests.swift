import Testing
import StapleCore
@testable import StapleEngine

/// Each kind of mistake, with its exact message and line.
@Suite struct ScenarioErrorTests {
    private func error(_ code: ScenarioError.Code, _ line: Int, _ path: String, _ message: String) -> ScenarioError {
        ScenarioError(code, file: "t.yaml", line: line, path: path, message: message)
    }

    private let base = """
        sites:
          - host: example.com
        clients:
          - name: Alice
        """

    @Test func printsFileLinePathAndMessage() {
        let e = ScenarioError(.invalidDuration, file: "Scenarios/x.yaml", line: 12, path: "links.client-server.delay",
                              message: "'50' has no unit; write e.g. 50ms or 50s")
        #expect(e.description == "Scenarios/x.yaml:12: links.client-server.delay: '50' has no unit; write e.g. 50ms or 50s")
        let fileLevel = ScenarioError(.unreadable, file: "nope.yaml", line: 0, path: "", message: "no such file")
        #expect(fileLevel.description == "nope.yaml: no such file")
        let errors = ScenarioErrors([e, fileLevel])
        #expect(errors.description == "nope.yaml: no such file\n" + e.description)
    }

    @Test func unknownKeyWithDidYouMean() {
        #expect(ScenarioTestSupport.errors(base + "\nworkload:\n  handshake: 5\n") == [
            error(.unknownKey, 6, "workload.handshake",
                  "unknown key 'handshake'; did you mean 'handshakes'? "
                  + "(known: warmup, handshakes, concurrency, pace, timeout, fresh_connections)"),
        ])
    }

    @Test func unknownTopLevelKeyWithoutACloseName() {
        let errors = ScenarioTestSupport.errors("colour: blue\n" + base)
        #expect(errors.map(\.code) == [.unknownKey])
        #expect(errors.first?.line == 1)
        #expect(errors.first?.path == "colour")
        #expect(errors.first?.message == "unknown key 'colour' (known: name, description, seed, time_scale, modes, sites, "
                + "clients, server, responder, resolver, links, workload, sweep, crl, short_lived, pushed, simulation)")
    }

    @Test func unknownProfileWithDidYouMean() {
        let yaml = """
            sites: [{host: example.com}]
            clients:
              - name: Alice
                profile: firefx
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.unknownName, 4, "clients[0].profile",
                  "unknown profile 'firefx'; did you mean 'firefox'? (known: firefox, firefox-strict, firefox-public, chrome, strict)"),
        ])
    }

    @Test func durationWithoutUnitUsesDelaysOwnMessage() {
        #expect(ScenarioTestSupport.errors(base + "\nlinks:\n  client-server:\n    delay: 50\n") == [
            error(.invalidDuration, 7, "links.client-server.delay", "'50' has no unit; write e.g. 50ms or 50s"),
        ])
    }

    @Test func negativeAndUnknownUnitDurations() {
        let yaml = base + """

            responder:
              delay: -5ms
              validity: 7 weeks
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.invalidDuration, 6, "responder.delay", "'-5ms' is negative; a duration must be zero or more"),
            error(.invalidDuration, 7, "responder.validity",
                  "'7 weeks' has an unknown unit 'weeks'; use one of us, ms, s, m, h, d"),
        ])
    }

    @Test func zeroWhereADurationMustBePositive() {
        #expect(ScenarioTestSupport.errors(base + "\nworkload: { timeout: 0 }\n") == [
            error(.invalidDuration, 5, "workload.timeout", "must be more than 0, found '0'; write e.g. 2s"),
        ])
    }

    @Test func wrongTypes() {
        let yaml = base + """

            workload: [1, 2]
            server:
              verify: yes
              workers: many
            modes: classic
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.wrongType, 5, "workload", "expected a mapping of keys to values, found a list"),
            error(.wrongType, 7, "server.verify", "expected true or false, found 'yes'"),
            error(.wrongType, 8, "server.workers", "expected a whole number, found 'many'"),
            error(.wrongType, 9, "modes", "expected a list, found 'classic'; write e.g. [classic, stapled]"),
        ])
    }

    @Test func yamlSyntaxErrorKeepsYamsLine() {
        let yaml = """
            sites:
              - host: example.com
            clients:
              - name: Alice
                profile: [firefox
            """
        let errors = ScenarioTestSupport.errors(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.code == .syntax)
        #expect(errors.first?.path == "")
        #expect(errors.first?.line == 6)
        #expect(errors.first?.message.hasPrefix("YAML syntax error: ") == true)
    }

    @Test func duplicateKeyIsASyntaxError() {
        let errors = ScenarioTestSupport.errors(base + "\nseed: 1\nseed: 2\n")
        #expect(errors == [error(.syntax, 5, "", "key 'seed' appears more than once in the same mapping (first here); keep one")])
    }

    @Test func missingRequiredFields() {
        #expect(ScenarioTestSupport.errors("seed: 3\n") == [
            error(.missing, 1, "sites", "missing; add at least one site, e.g. sites: [{host: example.com}]"),
            error(.missing, 1, "clients", "missing; add at least one client, e.g. clients: [{name: Alice}]"),
        ])
        let yaml = """
            sites:
              - key: rsa
            clients:
              - count: 2
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.missing, 2, "sites[0].host", "missing; every site needs a hostname, e.g. host: example.com"),
            error(.missing, 4, "clients[0].name", "missing; every client needs a name, e.g. name: Alice"),
        ])
    }

    @Test func emptyAndMissingFiles() {
        #expect(ScenarioTestSupport.errors("# nothing\n") == [
            error(.missing, 0, "", "the file is empty; a scenario needs at least sites and clients (see Scenarios/README.md)"),
        ])
        #expect(throws: ScenarioErrors([ScenarioError(.unreadable, file: "/nonexistent/x.yaml", line: 0, path: "",
                                                      message: "no such file; scenarios live in Scenarios/ "
                                                          + "(try Scenarios/classic-vs-stapled.yaml)")])) {
            try ScenarioLoader.load(path: "/nonexistent/x.yaml")
        }
    }

    @Test func delayAndRttBoth() {
        #expect(ScenarioTestSupport.errors(base + "\nlinks:\n  client-responder: { delay: 20ms, rtt: 40ms }\n") == [
            error(.conflict, 6, "links.client-responder.rtt",
                  "give either delay (one-way) or rtt (round trip), not both; delay: 20ms is rtt: 40ms"),
        ])
    }

    @Test func revokedReasonWithoutRevokedStatus() {
        let yaml = """
            sites:
              - host: example.com
                revoked_reason: keyCompromise
            clients: [{name: Alice}]
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.conflict, 3, "sites[0].revoked_reason",
                  "only a revoked site has a revocation reason; add status: revoked or remove revoked_reason"),
        ])
    }

    @Test func unknownRevocationReason() {
        let yaml = """
            sites:
              - { host: example.com, status: revoked, revoked_reason: keycompromise }
            clients: [{name: Alice}]
            """
        let errors = ScenarioTestSupport.errors(yaml)
        #expect(errors.map(\.code) == [.unknownName])
        #expect(errors.first?.message.hasPrefix("unknown revocation reason (RFC 5280) 'keycompromise'; did you mean 'keyCompromise'?") == true)
    }

    @Test func clientVisitingAnUnknownSite() {
        let yaml = """
            sites: [{host: shop.example}, {host: bank.example}]
            clients:
              - name: Alice
                visits: [shop.example, bnak.example]
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.unknownSite, 4, "clients[0].visits[1]",
                  "no site 'bnak.example' in sites; did you mean 'bank.example'? (known: shop.example, bank.example)"),
        ])
    }

    @Test func outageWindowEndingBeforeItStarts() {
        let yaml = base + """

            responder:
              outages:
                - kind: hang
                  from: 2h
                  to: 10s
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.emptyWindow, 9, "responder.outages[0].to",
                  "the window ends at 10s, not after its start 2h; make to later than from (or leave to out: until the run ends)"),
        ])
    }

    @Test func faultWindowEqualEndsIsEmptyToo() {
        let yaml = base + "\nlinks:\n  server-responder:\n    faults: [{kind: refuse, from: 5s, to: 5s}]\n"
        #expect(ScenarioTestSupport.errors(yaml).map(\.code) == [.emptyWindow])
        #expect(ScenarioTestSupport.errors(yaml).first?.path == "links.server-responder.faults[0].to")
    }

    @Test func overlappingOutagesAndMisplacedFields() {
        let yaml = base + """

            responder:
              outages:
                - { kind: refuse, from: 0, to: 1m }
                - { kind: hang, from: 30s, delay: 5s }
                - { kind: slow }
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.conflict, 8, "responder.outages[1].delay", "delay applies to kind slow only; remove it or use kind: slow"),
            error(.conflict, 8, "responder.outages[1]",
                  "its window [30s, end) overlaps outages[0] [0, 1m); the responder has one outage at a time"),
            error(.missing, 9, "responder.outages[2].delay",
                  "missing; a slow outage needs the extra delay per request, e.g. delay: 5s"),
        ])
    }

    @Test func faultFieldsOnlyWithTheirKind() {
        let yaml = base + "\nlinks:\n  client-server:\n    faults:\n      - { kind: hang, after_bytes: 10, after: 1s }\n"
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.conflict, 8, "links.client-server.faults[0].after_bytes",
                  "after_bytes applies to kind reset only; remove it or use kind: reset"),
            error(.conflict, 8, "links.client-server.faults[0].after",
                  "after applies to kind close only; remove it or use kind: close"),
        ])
    }

    @Test func numbersOutOfRange() {
        let yaml = """
            time_scale: 0
            sites: [{host: example.com}]
            clients: [{name: Alice, count: 0}]
            workload:
              handshakes: 0
              concurrency: -1
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.outOfRange, 1, "time_scale", "must be more than 0, found 0"),
            error(.outOfRange, 3, "clients[0].count", "must be 1 or more, found 0"),
            error(.outOfRange, 5, "workload.handshakes", "must be 1 or more, found 0"),
            error(.outOfRange, 6, "workload.concurrency", "must be 1 or more, found -1"),
        ])
    }

    @Test(arguments: [
        ("nginx", "blocking",
         "nginx staples lazily (a handshake without a cached response gets none), so its policy is lazy, not blocking; "
         + "write policy: lazy, or use kind: builtin to run the blocking policy"),
        ("apache", "lazy",
         "apache fetches inside the handshake (blocking), so its policy is blocking, not lazy; "
         + "write policy: blocking, or use kind: builtin to run the lazy policy"),
        ("nginx", "proactive",
         "nginx staples lazily (a handshake without a cached response gets none), so its policy is lazy, not proactive; "
         + "write policy: lazy, or use kind: builtin to run the proactive policy"),
    ])
    func realServersOnlyDoTheirOwnPolicy(kind: String, policy: String, message: String) {
        let yaml = base + "\nserver:\n  kind: \(kind)\n  policy: \(policy)\n"
        #expect(ScenarioTestSupport.errors(yaml) == [error(.conflict, 7, "server.policy", message)])
    }

    @Test func modesEmptyOrRepeated() {
        #expect(ScenarioTestSupport.errors(base + "\nmodes: []\n") == [
            error(.missing, 5, "modes", "the list is empty; list at least one of none, classic, stapled, crl, short-lived, pushed"),
        ])
        #expect(ScenarioTestSupport.errors(base + "\nmodes: [classic, stapled, classic, stapeld]\n") == [
            error(.duplicate, 5, "modes[2]", "'classic' is already modes[0]; list each mode once"),
            error(.unknownName, 5, "modes[3]",
                  "unknown mode 'stapeld'; did you mean 'stapled'? (known: none, classic, stapled, crl, short-lived, pushed)"),
        ])
    }

    @Test func duplicateHostsAndClientNames() {
        let yaml = """
            sites:
              - host: example.com
              - host: example.com
            clients:
              - name: Alice
                count: 2
              - name: Alice-2
              - name: Alice
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.duplicate, 3, "sites[1].host", "'example.com' is already sites[0]; every site needs its own hostname"),
            error(.duplicate, 7, "clients[1].name",
                  "instance 'Alice-2' is also an instance of clients[0] (Alice, count 2); rename one of them"),
            error(.duplicate, 8, "clients[2].name", "'Alice' is already clients[0]; every client needs its own name"),
        ])
    }

    @Test func badHostnamesAndNames() {
        let yaml = """
            name: "my run"
            sites:
              - host: Example.COM
              - host: ocsp.ca.test
              - host: -bad-.example
            clients:
              - name: Al.ice
            server:
              responder_url: https://ocsp.example/
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.invalidValue, 1, "name",
                  "'my run' cannot name a results folder; use letters, digits, '-', '_' and '.', e.g. my-scenario"),
            error(.invalidValue, 3, "sites[0].host", "'Example.COM' is not a hostname; write it in lowercase: example.com"),
            error(.conflict, 4, "sites[1].host",
                  "'ocsp.ca.test' is the responder's hostname (responder.host); give the site another name"),
            error(.invalidValue, 5, "sites[2].host",
                  "'-bad-.example' is not a hostname; use letters, digits and hyphens in dot-separated labels, e.g. example.com"),
            error(.invalidValue, 7, "clients[0].name",
                  "'Al.ice' is not a usable client name; use letters, digits, '-' and '_', e.g. Alice"),
            error(.invalidValue, 9, "server.responder_url",
                  "'https://ocsp.example/' uses https; OCSP is fetched over plain http (RFC 6960 Appendix A); "
                  + "write e.g. http://ocsp.ca.test/ or http://127.0.0.1:8080/ocsp"),
        ])
    }

    @Test func staplingOnIsExplained() {
        let errors = ScenarioTestSupport.errors(base + "\nserver: { stapling: on }\n")
        #expect(errors == [error(.unknownName, 5, "server.stapling",
                                 "'on' is not a stapling choice: stapling follows the mode (auto: on in stapled mode, off "
                                 + "otherwise) or is off in every mode (off) (known: auto, off)")])
    }

    @Test func bandwidthWithAnAmbiguousUnit() {
        #expect(ScenarioTestSupport.errors(base + "\nlinks:\n  client-server: { bandwidth: 10mb }\n") == [
            error(.invalidBandwidth, 6, "links.client-server.bandwidth",
                  "'10mb' is ambiguous; write mbit for bits or MB/s for bytes per second"),
        ])
    }

    @Test func fallbackToClassicNeedsOnlineOCSP() {
        let yaml = """
            sites: [{host: example.com}]
            clients:
              - name: Carol
                profile: chrome
                fallback: classic
              - name: Dave
                online_ocsp: false
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.conflict, 5, "clients[0].fallback",
                  "fallback classic asks the responder, but online_ocsp is false; write fallback: none, or online_ocsp: true"),
            error(.conflict, 7, "clients[1].online_ocsp",
                  "fallback classic asks the responder, but online_ocsp is false; write fallback: none, or online_ocsp: true"),
        ])
    }

    @Test func clientTimeoutMustBeShorterThanTheAttempt() {
        let yaml = """
            sites: [{host: example.com}]
            clients:
              - name: Bob
                profile: firefox-strict
            workload:
              timeout: 10s
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.conflict, 4, "clients[0].profile",
                  "Bob's OCSP timeout 10s is not shorter than workload.timeout 10s, so an attempt would end before Bob "
                  + "gives up on the responder; lower Bob's timeout or raise workload.timeout"),
        ])
    }

    @Test func blockingServerTimeoutMustBeShorterThanTheAttempt() {
        let yaml = base + "\nserver:\n  policy: blocking\n  responder_timeout: 40s\n"
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.conflict, 7, "server.responder_timeout",
                  "a blocking server waits up to 40s for the responder, not less than workload.timeout 30s, so an attempt "
                  + "would end before the server gives up; lower responder_timeout or raise workload.timeout"),
        ])
    }

    @Test func restartBeyondTheLastHandshake() {
        let yaml = base + "\nserver:\n  restarts: [3, 22]\n"
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.outOfRange, 6, "server.restarts[1]",
                  "a restart after handshake 22 never happens: a mode makes 22 (warmup 2 + handshakes 20, numbered 0 … 21); "
                  + "use a smaller number or more handshakes"),
        ])
    }

    @Test func clientLinksOnlyForTheClientsOwnPairs() {
        let yaml = """
            sites: [{host: example.com}]
            clients:
              - name: Alice
                links:
                  server-responder: { rtt: 5ms }
                  client-sever: { rtt: 5ms }
            """
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.conflict, 5, "clients[0].links.server-responder",
                  "a client can only change its own links (client-server, client-responder, client-resolver); "
                  + "set server-responder under the top-level links:"),
            error(.unknownKey, 6, "clients[0].links.client-sever",
                  "unknown key 'client-sever'; did you mean 'client-server'? (known: client-server, client-responder, "
                  + "server-responder, client-resolver, server-resolver)"),
        ])
    }

    @Test func tooManyClientInstances() {
        let yaml = "sites: [{host: example.com}]\nclients:\n  - {name: A, count: 200}\n  - {name: B, count: 55}\n"
        #expect(ScenarioTestSupport.errors(yaml) == [
            error(.outOfRange, 2, "clients",
                  "255 client instances, more than 254 (each gets its own address 127.0.1.N); lower count"),
        ])
    }

    /// Three mistakes in three sections give three errors, in line order, although the
    /// responder (at the bottom) is read before the sites and the clients.
    @Test func allErrorsAtOnceInLineOrder() {
        let yaml = """
            sites:
              - host: example.com
                key: dsa
            clients:
              - name: Alice
                profile: firefx
            responder:
              delay: 5
            """
        let errors = ScenarioTestSupport.errors(yaml)
        #expect(errors.map(\.line) == [3, 6, 8])
        #expect(errors.map(\.code) == [.unknownName, .unknownName, .invalidDuration])
        #expect(errors.map(\.path) == ["sites[0].key", "clients[0].profile", "responder.delay"])
        #expect(errors[0].message == "unknown key type 'dsa'; did you mean 'rsa'? (known: ec, rsa)")
        #expect(errors.map(\.description) == [
            "t.yaml:3: sites[0].key: unknown key type 'dsa'; did you mean 'rsa'? (known: ec, rsa)",
            "t.yaml:6: clients[0].profile: unknown profile 'firefx'; did you mean 'firefox'? (known: firefox, "
                + "firefox-strict, firefox-public, chrome, strict)",
            "t.yaml:8: responder.delay: '5' has no unit; write e.g. 5ms or 5s",
        ])
    }

    /// A field that failed to decode does not also produce a combination error built on its default.
    @Test func noFollowUpErrorsFromAFieldThatFailed() {
        let yaml = """
            sites: [{host: example.com}]
            clients:
              - name: Bob
                profile: firefox-strict
                timeout: ten seconds
            workload:
              timeout: 10s
            """
        #expect(ScenarioTestSupport.errors(yaml).map(\.path) == ["clients[0].timeout"])
    }
}

extension ScenarioErrorTests {
    @Test func tabsAreNamedInTheSyntaxError() {
        let errors = ScenarioTestSupport.errors("sites:\n\t- host: example.com\n")
        #expect(errors.map(\.code) == [.syntax])
        #expect(errors.first?.line == 2)
        #expect(errors.first?.message.hasSuffix("; indent with spaces, not tabs") == true)
    }
}

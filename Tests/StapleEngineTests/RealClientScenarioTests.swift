import Testing
@testable import StapleEngine

/// `clients[i].kind`: real programs take no built-in profile levers, and say so at validation.
@Suite struct RealClientScenarioTests {
    private let sites = "sites: [{host: example.com}]\n"

    @Test func kindDefaultsToBuiltinAndReadsCurlAndGnutls() throws {
        let scenario = try ScenarioTestSupport.load(sites + """
            clients:
              - name: Alice
              - name: curl
                kind: curl
              - name: gnutls
                kind: gnutls
            """)
        #expect(scenario.clients.map(\.kind) == [.builtin, .curl, .gnutls])
        // gnutls-cli runs with --ocsp unless the scenario says online_ocsp: false.
        #expect(scenario.clients[2].profile.onlineOCSP)
        #expect(!scenario.clients[1].profile.onlineOCSP)
    }

    @Test func browsersTakeNoProfileLevers() {
        let errors = ScenarioTestSupport.errors(sites + "clients: [{name: f, kind: firefox, timeout: 5s}, {name: c, kind: chromium, online_ocsp: true}]\n")
        #expect(errors.map(\.path) == ["clients[0].timeout", "clients[1].online_ocsp"], "\(errors)")
        #expect(errors.map(\.code) == [.conflict, .conflict])
    }

    @Test func gnutlsTakesOnlineOCSP() throws {
        let scenario = try ScenarioTestSupport.load(sites + "clients: [{name: g, kind: gnutls, online_ocsp: false}]\n")
        #expect(scenario.clients[0].kind == .gnutls)
        #expect(!scenario.clients[0].profile.onlineOCSP)
    }

    @Test func leversAProgramCannotTakeAreErrorsWithTheirLine() {
        let yaml = sites + """
            clients:
              - name: curl
                kind: curl
                fail: hard
                online_ocsp: true
              - name: gnutls
                kind: gnutls
                cache: true
            """
        let errors = ScenarioTestSupport.errors(yaml)
        #expect(errors.map(\.code) == [.conflict, .conflict, .conflict])
        #expect(errors.map(\.line) == [5, 6, 9])
        #expect(errors.map(\.path) == ["clients[0].fail", "clients[0].online_ocsp", "clients[1].cache"])
        #expect(errors.first?.message == "a curl client cannot take fail: curl --cert-status checks staples only and "
                + "refuses a connection without a good one; remove fail, or use kind: builtin")
        #expect(errors.last?.message == "a gnutls client cannot take cache: gnutls-cli starts cold every visit "
                + "(one process per visit, no OCSP cache kept; only kind: firefox can keep one); remove cache, "
                + "or use kind: builtin")
    }

    @Test func firefoxAloneTakesCacheAndRealClientsStartColdWithoutIt() throws {
        let kept = try ScenarioLoader.load(text: sites + """
            clients:
              - { name: f, kind: firefox, cache: true }
              - { name: g, kind: firefox }
              - { name: c, kind: chromium }
            """, fileName: "t.yaml")
        #expect(kept.clients.map(\.profile.cache) == [true, false, false])
        // The resolved YAML says it, and reads back the same.
        let again = try ScenarioLoader.load(text: kept.resolvedYAML(), fileName: "resolved.yaml")
        #expect(again.clients.map(\.profile.cache) == [true, false, false])
        let errors = ScenarioTestSupport.errors(sites + "clients: [{name: c, kind: chromium, cache: true}]\n")
        #expect(errors.map(\.path) == ["clients[0].cache"] && errors.map(\.code) == [.conflict], "\(errors)")
    }

    @Test func unknownKindNamesTheKnownOnes() {
        let errors = ScenarioTestSupport.errors(sites + "clients: [{name: f, kind: firefx}]\n")
        #expect(errors.map(\.code) == [.unknownName])
        #expect(errors.first?.message == "unknown client kind 'firefx'; did you mean 'firefox'? "
                + "(known: builtin, curl, gnutls, chromium, firefox)", "\(errors)")
    }

    @Test func theResolvedScenarioKeepsTheKindAndReadsBack() throws {
        let scenario = try ScenarioTestSupport.load(sites + "clients: [{name: g, kind: gnutls}, {name: c, kind: curl}]\n")
        let text = scenario.resolvedYAML()
        let again = try ScenarioTestSupport.load(text)
        #expect(again.clients.map(\.kind) == [.gnutls, .curl])
        #expect(again.clients[0].profile.onlineOCSP)
    }

    @Test func aRealClientRunsOnlyInOCSPModesAndABrowserWithTheBuiltinServer() {
        let crl = ScenarioTestSupport.errors("modes: [classic, crl]\n" + sites + "clients: [{name: c, kind: curl}]\n")
        #expect(crl.map(\.code) == [.conflict])
        #expect(crl.first?.message == "a curl client checks revocation its own way (OCSP), so mode crl would run it as "
                + "classic; compare it in none, classic or stapled, or use kind: builtin")
        let nginx = ScenarioTestSupport.errors(sites + "clients: [{name: f, kind: firefox}]\nserver: {kind: nginx}\n")
        #expect(nginx.map(\.path) == ["clients[0].kind"], "\(nginx)")
    }
}

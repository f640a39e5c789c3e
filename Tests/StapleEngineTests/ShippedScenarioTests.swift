import StapleCore
import Testing
@testable import StapleEngine

/// The scenarios in `Scenarios/` load, and say what the README and issue 4 promise.
@Suite struct ShippedScenarioTests {
    private func load(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(path: ScenarioTestSupport.packageRoot.appendingPathComponent("Scenarios/\(name).yaml").path)
    }

    @Test func everyShippedFileLoadsWithoutErrors() throws {
        let paths = try ScenarioTestSupport.shippedScenarioPaths()
        let names = paths.map { ScenarioLoader.defaultName(for: $0) }
        for required in ["classic-vs-stapled", "rtt-sweep", "responder-outage", "revoked", "must-staple-cold-start",
                         "privacy-multi-site", "chain-check", "mobile-high-latency", "nginx-vs-builtin"] {
            #expect(names.contains(required), "Scenarios/\(required).yaml is missing")
        }
        for path in paths {
            do {
                let scenario = try ScenarioLoader.load(path: path)
                // Each file's name matches its file name, so results land where the user expects.
                #expect(scenario.name == ScenarioLoader.defaultName(for: path))
                #expect(!scenario.description.isEmpty, "\(path) has no description")
            } catch {
                Issue.record("\(path) does not load:\n\(error)")
            }
        }
    }

    @Test func everyShippedFileStartsWithACommentHeader() throws {
        for path in try ScenarioTestSupport.shippedScenarioPaths() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let header = text.split(separator: "\n").prefix { $0.hasPrefix("#") }
            #expect(header.count >= 5, "\(path) needs a header saying what it shows and what to look at")
            #expect(header.joined().contains("What to look at"), "\(path)")
        }
    }

    /// The default is the explainer's two diagrams and must stay quick.
    @Test func theDefaultIsSmallAndHasTheExplainersCast() throws {
        let scenario = try load("classic-vs-stapled")
        #expect(scenario.modes == [.classic, .stapled])
        #expect(scenario.sites.map(\.host) == ["example.com"])
        #expect(scenario.clients.map(\.name) == ["Alice"])
        #expect(scenario.sweepPointCount == 1)
        #expect(scenario.workload.warmup + scenario.workload.handshakes <= 30)
        #expect(scenario.links.clientServer.rtt == .milliseconds(40))
        #expect(scenario.links.clientResponder.rtt == .milliseconds(80))
        #expect(scenario.links.serverResponder.rtt == .milliseconds(80))
        #expect(scenario.links.clientResolver.rtt == .milliseconds(10))
        // A rough upper bound on the delays alone: every connection of both modes at classic's cost.
        let rtt = scenario.links.clientServer.rtt.seconds
        let classic = 3 * rtt + 2 * scenario.links.clientResponder.rtt.seconds + 2 * scenario.links.clientResolver.rtt.seconds
        let total = Double(scenario.workload.total * scenario.modes.count) * classic
        #expect(total < 20, "the default scenario's delays alone take \(total) s")
    }

    @Test func rttSweepGoesFrom1To300ms() throws {
        let points = try load("rtt-sweep").sweepPoints()
        let rtts = points.map(\.scenario.links.clientServer.rtt.milliseconds)
        #expect(rtts.first == 1)
        #expect(rtts.last == 300)
        #expect(points.map(\.scenario.links.clientResponder.rtt) == points.map(\.scenario.links.clientServer.rtt))
    }

    @Test func responderOutageComparesTheThreePoliciesAndBothFailModes() throws {
        let scenario = try load("responder-outage")
        #expect(scenario.sweepPoints().map(\.scenario.server.policy) == [.lazy, .blocking, .proactive])
        #expect(Set(scenario.clients.map(\.profile.failMode)) == [.soft, .hard])
        #expect(scenario.responder.outages.count == 1)
        // The cached responses run out during the outage, or the policies would not differ.
        let outage = try #require(scenario.responder.outages.first)
        #expect(scenario.responder.validity > outage.window.from)
        #expect(scenario.responder.validity < (outage.window.to ?? .seconds(.infinity)))
    }

    @Test func theOtherScenariosSetUpWhatTheyAreAbout() throws {
        #expect(try load("revoked").sites.contains { if case .revoked = $0.status { return true } else { return false } })
        let coldStart = try load("must-staple-cold-start")
        #expect(coldStart.sites.allSatisfy { $0.mustStaple })
        #expect(!coldStart.server.restarts.isEmpty)
        #expect(coldStart.sweepPoints().first?.scenario.server.policy == .lazy)
        #expect(coldStart.clients.contains { $0.profile.mustStaple == .enforce })
        let privacy = try load("privacy-multi-site")
        #expect(privacy.clients.map(\.name) == ["Alice", "Bob"])
        #expect(privacy.sites.count == 3)
        let chain = try load("chain-check")
        #expect(chain.sites.allSatisfy { $0.intermediate })
        #expect(chain.clients.contains { $0.profile.check == .chain })
        let mobile = try load("mobile-high-latency")
        #expect(mobile.clients.contains { mobile.link(.clientServer, for: $0).rtt >= .milliseconds(200) })
        let nginx = try load("nginx-vs-builtin")
        #expect(nginx.sweepPoints().map(\.scenario.server.kind) == [.builtin, .nginx])
        #expect(nginx.sweepPoints().allSatisfy { $0.scenario.server.policy == .lazy })
    }
}

extension ShippedScenarioTests {
    /// Every key the loader accepts is documented in Scenarios/README.md, and every name too.
    @Test func readmeDocumentsEveryKeyAndName() throws {
        let readme = try String(contentsOf: ScenarioTestSupport.packageRoot.appendingPathComponent("Scenarios/README.md"),
                                encoding: .utf8)
        var words = ScenarioDecoder.topKeys + ScenarioDecoder.siteKeys + ScenarioDecoder.clientKeys
            + ScenarioDecoder.serverKeys + ScenarioDecoder.responderKeys + ScenarioDecoder.outageKeys
            + ScenarioDecoder.resolverKeys + ScenarioDecoder.linkKeys + ScenarioDecoder.faultKeys
            + ScenarioDecoder.workloadKeys + ScenarioDecoder.sweepKeys + ScenarioDecoder.crlKeys
            + ScenarioDecoder.shortLivedKeys + ScenarioDecoder.pushedKeys + ScenarioDecoder.simulationKeys
        words += Scenario.LinkPair.allCases.map(\.rawValue) + Scenario.Mode.allCases.map(\.rawValue)
        words += RevocationProfile.Name.allCases.map(\.rawValue) + Scenario.Server.Policy.allCases.map(\.rawValue)
        words += Scenario.Server.Kind.allCases.map(\.rawValue) + Scenario.Outage.Kind.names
        words += Scenario.Link.Fault.Kind.names + Scenario.Site.RevocationReason.allCases.map(\.name)
        for word in Set(words) {
            #expect(readme.contains("`\(word)`"), "Scenarios/README.md does not mention `\(word)`")
        }
    }
}

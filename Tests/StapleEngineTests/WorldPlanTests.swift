import Testing
import StapleCore
import StapleLinks
@testable import StapleEngine

/// What a world starts, worked out without a socket: routes, statuses, names.
@Suite struct WorldPlanTests {
    static let addresses = AddressPlan(actorPrefix: "127.9.0", clientPrefix: "127.9.1")

    static func plan(_ extra: String = "", mode: Scenario.Mode = .stapled) throws -> WorldPlan {
        let scenario = try ScenarioTestSupport.load("""
            seed: 7
            sites:
              - host: a.example
              - { host: b.example, status: revoked, revoked_reason: keyCompromise }
              - { host: c.example, revoke_at: 1h }
            clients:
              - { name: Alice, count: 2 }
            links:
              server-responder: { rtt: 40ms, faults: [{kind: reset, after_bytes: 100, from: 1m, to: 2m}] }
            \(extra)
            """)
        return WorldPlan(scenario: scenario, mode: mode, addresses: addresses)
    }

    @Test func clientsGetAddressesInOrder() throws {
        let plan = try Self.plan()
        #expect(plan.instances.map(\.name) == ["Alice-1", "Alice-2"])
        #expect(plan.clientAddresses == ["Alice-1": "127.9.1.1", "Alice-2": "127.9.1.2"])
    }

    @Test func theResponderDoorRoutesClientsAndTheServerWithTheScenariosFaults() throws {
        let plan = try Self.plan()
        let routes = plan.routes(to: .responder)
        #expect(routes.keys.sorted() == ["127.9.0.3", "127.9.1.1", "127.9.1.2"])
        let server = try #require(routes["127.9.0.3"])
        #expect(server.name == "server-responder")
        #expect(server.forward.latency == .milliseconds(20))
        #expect(server.faultWindows == [FaultWindow(kind: .resetAfter(bytes: 100), window: TimeWindow(from: .seconds(60), to: .seconds(120)))])
        #expect(server.seed == WorldPlan.linkSeed(7, .serverResponder, party: WorldPlan.serverParty))
        #expect(routes["127.9.1.2"]?.seed == WorldPlan.linkSeed(7, .clientResponder, party: 1))
        // The server's own door has the clients only.
        #expect(plan.routes(to: .server).keys.sorted() == ["127.9.1.1", "127.9.1.2"])
    }

    @Test func statusesCarryTheScenariosReasonAndRevocationTime() throws {
        let (statuses, revocations) = try Self.plan().certificateStatuses(epoch: 1_000_000)
        #expect(statuses == ["a.example": .good, "b.example": .revoked(time: 1_000_000 - 86_400, reason: .keyCompromise)])
        #expect(revocations == ["c.example": .revoked(time: 1_000_000 + 3600, reason: .unspecified)])
    }

    @Test func namesAndServerAddressesFollowTheServerProgram() throws {
        let plan = try Self.plan()
        #expect(plan.serverAddresses(external: false) == ["127.9.0.3"])
        #expect(plan.serverAddresses(external: true) == ["127.9.0.3", "127.0.0.1"])
        #expect(plan.addressNames(program: nil)["127.9.0.3"] == "server")
        #expect(plan.addressNames(program: "nginx")["127.0.0.1"] == "server (nginx)")
        #expect(plan.addressNames(program: nil)["127.9.1.2"] == "Alice-2")
    }

    @Test func certificatesPointAtTheirCRLOnlyInCRLMode() throws {
        let url = "http://ocsp.ca.test:8080/"
        #expect(try Self.plan().pkiOptions(ocspURL: url).sites.map(\.crlURL) == [nil, nil, nil])
        let crl = try Self.plan(mode: .crl).pkiOptions(ocspURL: url)
        #expect(crl.sites.allSatisfy { $0.crlURL?.hasPrefix("http://ocsp.ca.test:8080/crl/") == true })
        #expect(crl.intermediateCRLURL?.hasPrefix("http://ocsp.ca.test:8080/") == true)
    }
}

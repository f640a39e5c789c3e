import Foundation
import StapleTestSupport
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// Clients, servers and the responder as real services on loopback.
@Suite(.awaitsTeardown) struct ClientServerTests {
    @Test func classicClientAsksTheResponderItself() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(stapling: false)
        try await server.start()
        let alice = try world.client()
        let result = await alice.connect(site: "example.com", port: ActorWorld.serverPort, mode: .classic)
        #expect(result.outcome == .connected, "\(result.error)")
        #expect(world.facts(result).status == "good")
        #expect(world.facts(result).statusSource == "fetched")
        #expect(!world.facts(result).stapled)
        #expect(world.facts(result).tlsVersion == "TLSv1.3", "the handshake's event carries the version")
        #expect(world.facts(result).accepted == true && world.facts(result).verdict == "good (fetched)")
        #expect(world.localAddress(result)?.hasPrefix(world.prefix + ".101:") == true)
        let requests = await responder.requests
        #expect(requests.count == 1)
        #expect(requests.first?.method == "POST")
        #expect(requests.first?.requesterIP == world.prefix + ".101")
        #expect(requests.first?.hostnames == ["example.com"])
        // The responder learned that Alice's address wants example.com.
        let learned = world.trace.observations.filter { $0.observer.role == .responder }
        #expect(learned.map(\.hostname) == ["example.com"])
        #expect(learned.map(\.clientAddress) == [world.prefix + ".101"])
        #expect(learned.map(\.via) == [.ocspCertID])
        // A second connection is answered from Alice's cache: no new request.
        let again = await alice.connect(site: "example.com", port: ActorWorld.serverPort, mode: .classic)
        #expect(world.facts(again).status == "good")
        #expect(world.facts(again).statusSource == "cached")
        #expect(await responder.requestCount == 1)
        await server.stop()
        await responder.stop()
    }

    @Test func classicRevokedIsAHardFailForEveryProfileThatChecks() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(stapling: false)
        try await server.start()
        let result = try await world.client().connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .classic)
        #expect(result.outcome == .hardFail)
        #expect(world.facts(result).status == "revoked")
        #expect(result.error == "revoked (keyCompromise)")
        await server.stop()
        await responder.stop()
    }

    @Test func getMethodPutsTheRequestInThePath() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(stapling: false)
        try await server.start()
        var profile = RevocationProfile.firefox
        profile.method = .get
        let result = try await world.client(profile: profile).connect(site: "example.com", port: ActorWorld.serverPort, mode: .classic)
        #expect(world.facts(result).status == "good")
        #expect(await responder.requests.map(\.method) == ["GET"])
        await server.stop()
        await responder.stop()
    }

    @Test func noneModeChecksNothing() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(stapling: false)
        try await server.start()
        let result = try await world.client().connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .none)
        #expect(result.outcome == .connected)
        #expect(world.facts(result).status == "none")
        #expect(await responder.requestCount == 0)
        await server.stop()
        await responder.stop()
    }

    @Test(arguments: [RevocationProfile.Name.firefox, .firefoxStrict])
    func whenTheResponderHangsSoftFailConnectsAfterItsTimeoutAndHardFailRefuses(name: RevocationProfile.Name) async throws {
        let world = try ActorWorld()
        let responder = world.responder(outages: [ResponderOutage(kind: .hang, from: 0, to: 3600)])
        try await responder.start()
        let server = try world.server(stapling: false)
        try await server.start()
        var profile = RevocationProfile(name)
        profile.timeout = .milliseconds(300) // keep the test short; the mechanism is the profile's
        let start = Date()
        let result = try await world.client(profile: profile).connect(site: "example.com", port: ActorWorld.serverPort, mode: .classic)
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.3, "the client waited for its timeout")
        // Not much longer: the error names the profile's 300 ms timeout as the cause (a bound on
        // the elapsed time would bound the machine's speed).
        switch name {
        case .firefox:
            #expect(result.outcome == .softFail)
            #expect(result.error == "no OCSP response within 300ms")
        default:
            #expect(result.outcome == .hardFail)
            #expect(result.error == "no OCSP response within 300ms")
        }
        // The responder logs a hung request once it gives up on it (the client closed).
        #expect(await ActorWorld.eventually(within: 10) { await responder.requests.first?.answer == "no answer" })
        await server.stop()
        await responder.stop()
    }

    @Test func chromeNeverAsksTheResponder() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(stapling: false)
        try await server.start()
        let result = try await world.client(profile: .chrome).connect(site: "revoked.test", port: ActorWorld.serverPort, mode: .classic)
        #expect(result.outcome == .connected)
        #expect(await responder.requestCount == 0)
        await server.stop()
        await responder.stop()
    }

    @Test func theServerLearnsTheHostnameFromSNIWithTheClientsAddress() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        try await responder.start()
        let server = try world.server(stapling: false)
        try await server.start()
        _ = try await world.client("Bob", number: 2).connect(site: "example.com", port: ActorWorld.serverPort, mode: .none)
        let learned = world.trace.observations.filter { $0.observer.role == .server }
        #expect(learned.count == 1)
        #expect(learned.first?.observer == .server("example.com"))
        #expect(learned.first?.hostname == "example.com")
        #expect(learned.first?.clientAddress == world.prefix + ".102")
        #expect(learned.first?.via == .sni)
        #expect(learned.first?.observerAddress == "\(world.serverIP):\(ActorWorld.serverPort)")
        await server.stop()
        await responder.stop()
    }
}

import Foundation
import NIOCore
import NIOPosix
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// The responder and the TLS server at their connection cap: one more connection is closed
/// at once, the ones admitted keep working, and a freed slot admits again.
@Suite struct ConnectionCapTests {
    @Test func theResponderClosesAConnectionPastItsCapAndAdmitsAgainOnceOneCloses() async throws {
        let world = try ActorWorld()
        let responder = ResponderActor(config: ResponderConfig(host: world.responderIP, authorities: world.pki.authorities(),
                                                               maxConnections: 2),
                                       trace: world.trace, clock: world.clock)
        let address = try await responder.start()
        let first = try await RawTCPClient.connect(to: address)
        let second = try await RawTCPClient.connect(to: address)
        #expect(await ActorWorld.eventually { await responder.openConnections == 2 })
        let third = try await RawTCPClient.connect(to: address)
        #expect(try await third.closedByPeer(), "the third connection is closed at once")
        #expect(third.received.isEmpty)
        #expect(await responder.openConnections == 2)

        await first.close()
        #expect(await ActorWorld.eventually { await responder.openConnections == 1 })
        let fourth = try await RawTCPClient.connect(to: address)
        let leaf = try #require(world.pki.leaf(for: "example.com")).certificate
        let path = "/" + Base64.urlEscape(Base64.encode(try OCSPRequest(certificate: leaf, issuer: world.pki.root.certificate).der()))
        try await fourth.send("GET \(path) HTTP/1.1\r\nHost: ocsp\r\nConnection: close\r\n\r\n")
        #expect(try await fourth.closedByPeer())
        #expect(fourth.received.hasPrefix("HTTP/1.1 200 OK\r\n"))
        await second.close()
        await responder.stop()
    }

    @Test func theTLSServerClosesAConnectionPastItsCap() async throws {
        let world = try ActorWorld()
        let server = try ServerActor(config: ServerConfig(name: "example.com", host: world.serverIP, pki: world.pki,
                                                          stapling: false, maxConnections: 1),
                                     resolver: world.hosts, trace: world.trace, clock: world.clock)
        let address = try await server.start()
        let first = try await RawTCPClient.connect(to: address)
        #expect(await ActorWorld.eventually { await server.openConnections == 1 })
        let second = try await RawTCPClient.connect(to: address)
        #expect(try await second.closedByPeer())
        #expect(second.received.isEmpty)
        await first.close()
        #expect(await ActorWorld.eventually { await server.openConnections == 0 })
        let outcome = try await TLSPieceClient.run(to: address, hostname: "example.com", trust: try world.pki.trustStore(),
                                                   pieces: ["GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"])
        #expect(outcome.handshook)
        #expect(outcome.response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        await server.stop()
    }
}

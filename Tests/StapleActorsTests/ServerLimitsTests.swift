import Foundation
import NIOCore
import NIOPosix
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// The built-in TLS server with real TLS clients: a request split across TLS records is
/// answered, a head too long is refused, and handshake, read and idle timeouts close.
@Suite struct ServerLimitsTests {
    func start(_ world: ActorWorld, handshakeTimeout: Delay = .seconds(10), readTimeout: Delay = .seconds(10),
               idleTimeout: Delay = .seconds(30), maxHeadBytes: Int = 8192) async throws -> (ServerActor, SocketAddress) {
        let server = try ServerActor(config: ServerConfig(name: "example.com", host: world.serverIP, pki: world.pki,
                                                          stapling: false, handshakeTimeout: handshakeTimeout,
                                                          readTimeout: readTimeout, idleTimeout: idleTimeout,
                                                          maxHeadBytes: maxHeadBytes),
                                     resolver: world.hosts, trace: world.trace, clock: world.clock)
        return (server, try await server.start())
    }

    @Test func aRequestSplitAcrossTLSRecordsIsAnswered() async throws {
        let world = try ActorWorld()
        let (server, address) = try await start(world)
        let outcome = try await TLSPieceClient.run(
            to: address, hostname: "example.com", trust: try world.pki.trustStore(),
            pieces: ["GET / HTTP/1.1\r\n", "Host: example.com\r", "\n", "\r", "\n"])
        #expect(outcome.handshook)
        let body = "hello from example.com\n"
        #expect(outcome.response == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
        await server.stop()
    }

    @Test func aBrowserAskingForHTMLGetsThePageWithItsTimingScript() async throws {
        let world = try ActorWorld()
        let (server, address) = try await start(world)
        // The Accept header split across records, as the head itself may be.
        let outcome = try await TLSPieceClient.run(
            to: address, hostname: "example.com", trust: try world.pki.trustStore(),
            pieces: ["GET / HTTP/1.1\r\nHost: example.com\r\nAccept: text/ht", "ml,*/*;q=0.8\r\n\r\n"])
        #expect(outcome.handshook)
        let page = SitePage.html(server: "example.com")
        #expect(outcome.response == "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(page.utf8.count)\r\nConnection: close\r\n\r\n" + page)
        await server.stop()
    }

    @Test func aHeadLongerThanTheBoundGets431() async throws {
        let world = try ActorWorld()
        let (server, address) = try await start(world, maxHeadBytes: 1000)
        let outcome = try await TLSPieceClient.run(
            to: address, hostname: "example.com", trust: try world.pki.trustStore(),
            pieces: ["GET / HTTP/1.1\r\n"] + Array(repeating: "X-Filler: " + String(repeating: "x", count: 88) + "\r\n", count: 20))
        #expect(outcome.response.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        await server.stop()
    }

    @Test func aHandshakeThatNeverStartsIsClosed() async throws {
        let world = try ActorWorld()
        let (server, address) = try await start(world, handshakeTimeout: .milliseconds(300))
        let silent = try await RawTCPClient.connect(to: address)
        #expect(try await silent.closedByPeer(), "no ClientHello: closed after the handshake timeout")
        #expect(silent.received.isEmpty)
        await server.stop()
    }

    @Test func aHalfSentHandshakeIsClosed() async throws {
        let world = try ActorWorld()
        let (server, address) = try await start(world, handshakeTimeout: .milliseconds(300))
        let partial = try await RawTCPClient.connect(to: address)
        // A record header and a byte of a ClientHello. On a busy machine the server may already
        // have closed (the timeout runs from the accept): then the send fails, which is the same answer.
        try? await partial.send("\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}")
        #expect(try await partial.closedByPeer())
        await server.stop()
    }

    @Test func aRequestThatNeverComesAfterTheHandshakeIsClosed() async throws {
        let world = try ActorWorld()
        let (server, address) = try await start(world, readTimeout: .milliseconds(300))
        let outcome = try await TLSPieceClient.run(to: address, hostname: "example.com", trust: try world.pki.trustStore(),
                                                   pieces: ["GET / HTTP/1.1\r\n"])
        #expect(outcome.handshook)
        #expect(outcome.response.isEmpty, "closed without an answer")
        await server.stop()
    }

    @Test func anIdleTLSConnectionIsClosed() async throws {
        let world = try ActorWorld()
        let (server, address) = try await start(world, readTimeout: .seconds(600), idleTimeout: .milliseconds(300))
        let outcome = try await TLSPieceClient.run(to: address, hostname: "example.com", trust: try world.pki.trustStore(),
                                                   pieces: [])
        #expect(outcome.handshook)
        #expect(outcome.response.isEmpty)
        await server.stop()
    }
}

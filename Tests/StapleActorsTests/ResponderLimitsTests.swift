import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// The responder under hostile input: GET decoding in one pass, bounded URIs and heads,
/// read and idle timeouts, a bounded request log. Driven through an `EmbeddedChannel` with
/// the real pipeline, so the tests move time themselves.
@Suite struct ResponderLimitsTests {
    let world: ActorWorld

    init() throws { world = try ActorWorld() }

    func config(outages: [ResponderOutage] = [], maxURILength: Int = 8192, maxHeaderBytes: Int = 16384,
                readTimeout: Delay = .seconds(10), idleTimeout: Delay = .seconds(30), keepLog: Bool = false,
                logCapacity: Int = 10_000) -> ResponderConfig {
        ResponderConfig(host: world.responderIP, authorities: world.pki.authorities(), outages: outages,
                        maxURILength: maxURILength, maxHeaderBytes: maxHeaderBytes, readTimeout: readTimeout,
                        idleTimeout: idleTimeout, keepLog: keepLog, logCapacity: logCapacity)
    }

    /// The responder's pipeline on an embedded channel, connected.
    static func channel(_ config: ResponderConfig, trace: Trace = Trace()) throws -> (EmbeddedChannel, ResponderCore) {
        let core = ResponderCore(config: config, trace: trace, clock: PolicyClock())
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ResponderConnectionGuard(core: core))
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
        try channel.pipeline.syncOperations.addHandler(ResponderHTTPHandler(core: core))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        return (channel, core)
    }

    /// Everything the channel wrote, as text.
    static func output(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            if case .byteBuffer(let buffer) = data { text += String(buffer: buffer) }
        }
        return text
    }

    static func write(_ text: String, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(channel.allocator.buffer(string: text))
    }

    func requestDER() throws -> [UInt8] {
        let leaf = try #require(world.pki.leaf(for: "example.com")).certificate
        return try OCSPRequest(certificate: leaf, issuer: world.pki.root.certificate).der()
    }

    // MARK: - GET decoding

    @Test func getPathFullOfSlashesDecodesTheRequestAfterThem() throws {
        let der = try requestDER()
        let base64 = Base64.encode(der)   // '/' left unescaped, as some clients do
        let prefix = String(repeating: "a/", count: 3000)
        #expect(OCSPGETPath.der(from: "/" + prefix + base64) == der)
        #expect(OCSPGETPath.der(from: "/ocsp/" + Base64.urlEscape(base64) + "?x=1") == der)
        #expect(OCSPGETPath.der(from: "//" + base64) == der)
        #expect(OCSPGETPath.der(from: "/" + String(repeating: "M/", count: 4000)) == nil)
        #expect(OCSPGETPath.der(from: "/MA%zz") == nil)
        #expect(OCSPGETPath.der(from: "/") == nil)
    }

    @Test func decodingLooksAtOneCandidateOnly() throws {
        // 4000 slashes, each followed by a plausible start: the scan picks the first position
        // from which the rest is base64 of the right length, never decoding the others.
        let der = try requestDER()
        let path = Array(("/" + String(repeating: "-/", count: 4000) + Base64.encode(der)).utf8)
        let start = try #require(OCSPGETPath.candidateStart(path))
        #expect(start == path.count - Base64.encode(der).utf8.count)
    }

    @Test func aURILongerThanTheBoundGets414AndTheConnectionCloses() throws {
        let (channel, core) = try Self.channel(config(maxURILength: 1024))
        let uri = "/" + String(repeating: "a/", count: 515) // 1031 bytes: past the URI bound, within the line slack
        try Self.write("GET \(uri) HTTP/1.1\r\nHost: ocsp\r\n\r\n", to: channel)
        let output = try Self.output(channel)
        #expect(output.hasPrefix("HTTP/1.1 414 URI Too Long\r\n"), "\(output.prefix(80))")
        #expect(!channel.isActive)
        #expect(core.requests.map(\.answer) == ["414 URI Too Long"])
    }

    @Test func aRequestLineThatNeverEndsIsRefusedAtTheBound() throws {
        let (channel, core) = try Self.channel(config(maxURILength: 4096))
        try Self.write("GET /", to: channel)
        var pieces = 0
        while channel.isActive, pieces < 100 {
            try Self.write(String(repeating: "A/", count: 500), to: channel)
            pieces += 1
        }
        #expect(pieces == 5, "4096 + 32 bytes of request line are allowed: the 5th 1000-byte piece passes them")
        #expect(try Self.output(channel).hasPrefix("HTTP/1.1 414 URI Too Long\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
        #expect(core.requests.map(\.method) == ["GET"])
        #expect(core.requests.map(\.answer) == ["414 URI Too Long"])
    }

    @Test func aHeadThatNeverEndsGets431() throws {
        let (channel, _) = try Self.channel(config(maxURILength: 100, maxHeaderBytes: 2000))
        try Self.write("GET / HTTP/1.1\r\n", to: channel)
        var lines = 0
        while channel.isActive, lines < 1000 {
            try Self.write("X-Filler: " + String(repeating: "x", count: 88) + "\r\n", to: channel)  // 100 bytes
            lines += 1
        }
        #expect(lines == 22, "16 + 22 × 100 bytes pass the 132 + 2000 allowed")
        #expect(try Self.output(channel).hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
    }

    // MARK: - Timeouts

    @Test func aPartialRequestIsClosedAfterTheReadTimeout() throws {
        let (channel, _) = try Self.channel(config(readTimeout: .seconds(2)))
        try Self.write("GET / HTTP/1.1\r\nHost: ocsp\r\n", to: channel)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aSlowSenderIsCutOffThoughBytesKeepComing() throws {
        let (channel, _) = try Self.channel(config(readTimeout: .seconds(2), idleTimeout: .seconds(30)))
        var sent = 0
        for byte in "GET / HTTP/1.1\r\nHost: ocsp\r\n\r\n" where channel.isActive {
            try Self.write(String(byte), to: channel)
            sent += 1
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(500))
        }
        #expect(sent == 4, "one byte every 0.5 s: the 2 s read timeout ends it after the 4th")
        #expect(!channel.isActive)
    }

    @Test func aKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws {
        let (channel, core) = try Self.channel(config(idleTimeout: .seconds(5)))
        let path = "/" + Base64.urlEscape(Base64.encode(try requestDER()))
        try Self.write("GET \(path) HTTP/1.1\r\nHost: ocsp\r\n\r\n", to: channel)
        #expect(try Self.output(channel).hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(core.requests.map(\.answer) == ["good"])
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(4999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aConnectionThatNeverSendsIsClosedAfterTheIdleTimeout() throws {
        let (channel, _) = try Self.channel(config(idleTimeout: .seconds(3)))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(2999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aHangOutageHoldsTheConnectionPastEveryTimeout() throws {
        let (channel, core) = try Self.channel(config(outages: [ResponderOutage(kind: .hang, from: 0, to: .infinity)],
                                                      readTimeout: .seconds(1), idleTimeout: .seconds(1)))
        let path = "/" + Base64.urlEscape(Base64.encode(try requestDER()))
        try Self.write("GET \(path) HTTP/1.1\r\nHost: ocsp\r\n\r\n", to: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(120))
        #expect(channel.isActive, "a hang is a scenario's misbehaviour: the client's timeout ends it")
        #expect(core.requests.map(\.answer) == ["no answer"])
    }

    // MARK: - Request log

    @Test func theLogKeepsTheLastRequestsAndCountsThemAll() throws {
        let (channel, core) = try Self.channel(config(logCapacity: 3))
        let path = "/" + Base64.urlEscape(Base64.encode(try requestDER()))
        for number in 0..<5 {
            try Self.write("GET \(path)?n=\(number) HTTP/1.1\r\nHost: ocsp\r\n\r\n", to: channel)
        }
        #expect(core.requestCount == 5)
        #expect(core.requests.count == 3)
        #expect(core.requests(since: 4).requests.count == 1)
        #expect(core.requests(since: 4).next == 5)
        #expect(core.requests(since: 0).requests.count == 3)
        #expect(core.requests(since: 5).requests.isEmpty)
        let times = core.requests.map(\.time)
        #expect(times == times.sorted())
    }

    @Test func keepLogKeepsEveryRequest() throws {
        let (channel, core) = try Self.channel(config(keepLog: true, logCapacity: 3))
        let path = "/" + Base64.urlEscape(Base64.encode(try requestDER()))
        for _ in 0..<5 { try Self.write("GET \(path) HTTP/1.1\r\nHost: ocsp\r\n\r\n", to: channel) }
        #expect(core.requests.count == 5)
        #expect(core.requests.map(\.answer) == Array(repeating: "good", count: 5))
    }
}

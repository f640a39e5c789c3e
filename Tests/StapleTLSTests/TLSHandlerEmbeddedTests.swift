import NIOCore
import NIOEmbedded
import Testing
import StapleCore
import StaplePKI
@testable import StapleTLS

/// ``TLSHandler`` at both ends of a handshake, each in an `EmbeddedChannel`, the ciphertext
/// moved by hand (``EmbeddedTLSPair``): no sockets and no clock, so every step (who has sent
/// what, when a paused handshake resumes) is the test's to see.
///
/// Synchronous tests: an `EmbeddedEventLoop` must stay on the thread that made it.
@Suite struct TLSHandlerEmbeddedTests {
    typealias Setup = StapledHandshakeTests.Setup

    /// A connected pair for `hostname` with `setup`'s contexts.
    func pair(_ setup: Setup, hostname: String = "example.com", policy: (any CertificateStatusPolicy)? = nil,
              provider: any StapleProvider) throws -> EmbeddedTLSPair {
        let pair = try EmbeddedTLSPair(client: setup.client, server: setup.server, hostname: hostname,
                                       policy: policy ?? setup.policy, provider: provider)
        try pair.connect()
        return pair
    }

    static func buffer(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func aStapledHandshakeCompletesCarriesDataAndCloses(version: TLSVersion) throws {
        let setup = try Setup(versions: version ... version)
        let staple = try setup.staple()
        let pair = try pair(setup, provider: FixedStaple(staple))
        try pair.shuttle()

        #expect(pair.clientRecorder.handshakeCompleted)
        #expect(pair.serverRecorder.handshakeCompleted)
        #expect(pair.clientFacts.tlsVersion == version.description)
        #expect(ConnectionFacts(pair.trace.events(of: pair.serverID)).tlsVersion == version.description)
        #expect(pair.shown.staple == staple)
        #expect(pair.clientFacts.stapled)
        #expect(pair.clientFacts.accepted == true)
        #expect(pair.clientFacts.verdict == "good")
        #expect(pair.kinds(pair.clientID) == [.clientHelloSent, .certificateReceived, .stapleReceived, .verifyStart,
                                              .verifyEnd, .handshakeComplete])
        #expect(pair.kinds(pair.serverID) == [.clientHelloReceived, .stapleSent, .handshakeComplete])
        let sent = try #require(pair.trace.events(of: pair.serverID).first { $0.kind == .stapleSent })
        #expect(sent.bytes == staple.count)

        // Application data both ways, decrypted by the other end.
        pair.client.writeAndFlush(Self.buffer("ping"), promise: nil)
        #expect(try pair.shuttle().clientToServer > 0)
        #expect(pair.serverRecorder.plaintext == "ping")
        pair.server.writeAndFlush(Self.buffer("pong"), promise: nil)
        try pair.shuttle()
        #expect(pair.clientRecorder.plaintext == "pong")

        // close_notify: the server is told and closes too.
        pair.client.close(promise: nil)
        #expect(try pair.shuttle().clientToServer > 0)
        #expect(!pair.client.isActive)
        #expect(pair.serverRecorder.events.contains { if case .closeNotifyReceived = $0 { true } else { false } })
        #expect(!pair.server.isActive)
        #expect(pair.clientRecorder.errors.isEmpty, "\(pair.clientRecorder.errors)")
        #expect(pair.serverRecorder.errors.isEmpty, "\(pair.serverRecorder.errors)")
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func aRevokedStapleReachesThePolicyAndFailsTheClient(version: TLSVersion) throws {
        let setup = try Setup(versions: version ... version)
        let staple = try setup.staple(for: "revoked.test")
        let pair = try pair(setup, hostname: "revoked.test", provider: FixedStaple(staple))
        try pair.shuttle()

        #expect(pair.shown.staple == staple)
        #expect(pair.shown.leafName == "revoked.test")
        #expect(pair.clientFacts.accepted == false)
        #expect(pair.clientFacts.verdict == "revoked (keyCompromise)")
        #expect(pair.clientRecorder.tlsErrors == [.certificateStatusRejected("revoked (keyCompromise)")])
        #expect(!pair.clientRecorder.handshakeCompleted)
        #expect(!pair.client.isActive)
        #expect(pair.kinds(pair.clientID).last == .handshakeFailed)
        #expect(!pair.serverRecorder.handshakeCompleted)
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func aServerThatFetchesItsStapleSendsNothingUntilTheFetchCompletes(version: TLSVersion) throws {
        let setup = try Setup(versions: version ... version)
        let staple = try setup.staple()
        let provider = PromisedStaple()
        let pair = try pair(setup, provider: provider)

        let hello = try pair.shuttle()
        #expect(hello.clientToServer > 0)           // the ClientHello
        #expect(hello.serverToClient == 0)          // no ServerHello while the staple is fetched
        #expect(provider.lookups == ["example.com"])
        #expect(provider.fetches == ["example.com"])
        #expect(pair.kinds(pair.serverID) == [.clientHelloReceived])
        // Nothing moves by itself while the fetch is out.
        #expect(try pair.shuttle() == .init())
        #expect(!pair.clientRecorder.handshakeCompleted)

        try #require(provider.promise).succeed(.staple(staple))
        let rest = try pair.shuttle()
        #expect(rest.serverToClient > 0)
        #expect(pair.serverRecorder.handshakeCompleted)
        #expect(pair.clientRecorder.handshakeCompleted)
        #expect(provider.fetches == ["example.com"])  // one fetch, not one per resumed step
        #expect(pair.kinds(pair.serverID) == [.clientHelloReceived, .stapleSent, .handshakeComplete])
        #expect(pair.shown.staple == staple)
        #expect(pair.clientFacts.verdict == "good")
    }

    @Test func aServerWhoseFetchFailsStaplesNothingAndSaysWhy() throws {
        let setup = try Setup()
        let provider = PromisedStaple()
        let pair = try pair(setup, provider: provider)
        try pair.shuttle()
        try #require(provider.promise).fail(TLSError.stapleProviderFailed("responder down"))
        try pair.shuttle()

        #expect(pair.clientRecorder.handshakeCompleted)
        let notSent = try #require(pair.trace.events(of: pair.serverID).first { $0.kind == .stapleNotSent })
        #expect(notSent.detail == "fetch failed: staple provider failed: responder down")
        #expect(pair.shown.staple == nil)
        #expect(pair.clientFacts.verdict == "no staple")
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func aClientThatFetchesStatusFinishesOnlyWhenTheFetchCompletes(version: TLSVersion) throws {
        let setup = try Setup(versions: version ... version)
        let policy = PromisedStatus()
        let pair = try pair(setup, policy: policy, provider: NoStaple())

        try pair.shuttle()
        #expect(policy.fetches == ["example.com"])
        #expect(pair.kinds(pair.clientID) == [.clientHelloSent, .certificateReceived, .verifyStart, .verifyPaused])
        #expect(try pair.shuttle() == .init())      // the client's Finished waits for the decision
        #expect(!pair.clientRecorder.handshakeCompleted)
        #expect(!pair.serverRecorder.handshakeCompleted)

        try #require(policy.promise).succeed(.accept("good (fetched)"))
        let rest = try pair.shuttle()
        #expect(rest.clientToServer > 0)
        #expect(pair.clientRecorder.handshakeCompleted)
        #expect(pair.serverRecorder.handshakeCompleted)
        #expect(pair.clientFacts.accepted == true)
        #expect(pair.clientFacts.verdict == "good (fetched)")
        #expect(pair.kinds(pair.clientID) == [.clientHelloSent, .certificateReceived, .verifyStart, .verifyPaused,
                                              .verifyResumed, .verifyEnd, .handshakeComplete])
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func aMustStapleCertificateWithoutAStapleFailsTheClient(version: TLSVersion) throws {
        let setup = try Setup(mustStaple: true, versions: version ... version)
        let pair = try pair(setup, provider: FixedStaple(nil))
        try pair.shuttle()

        #expect(pair.clientRecorder.tlsErrors == [.certificateStatusRejected("no staple for a must-staple certificate")])
        #expect(pair.clientFacts.accepted == false)
        #expect(pair.shown.staple == nil)
        #expect(!pair.clientRecorder.handshakeCompleted)
        #expect(!pair.client.isActive)
        let notSent = try #require(pair.trace.events(of: pair.serverID).first { $0.kind == .stapleNotSent })
        #expect(notSent.detail == "no staple configured")
    }

    @Test func garbageCiphertextFailsTheServerAndClosesIt() throws {
        let setup = try Setup()
        let pair = try pair(setup, provider: FixedStaple(try setup.staple()))
        // Not a TLS record: a content type of 0xde.
        let garbage = ByteBuffer(bytes: [0xde, 0xad, 0xbe, 0xef] + [UInt8](repeating: 0x42, count: 60))
        try pair.server.writeInbound(garbage)

        #expect(pair.serverRecorder.tlsErrors == [.handshakeFailed(reasons: ["error:0A00010B:SSL routines::wrong version number"],
                                                                   verifyResult: nil)])
        #expect(!pair.server.isActive)
        #expect(pair.serverRecorder.inactive)
        #expect(pair.kinds(pair.serverID) == [.handshakeFailed])
        #expect(!pair.serverRecorder.handshakeCompleted)
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func aForgedRecordAfterTheHandshakeFailsTheServerAndClosesIt(version: TLSVersion) throws {
        let setup = try Setup(versions: version ... version)
        let pair = try pair(setup, provider: FixedStaple(try setup.staple()))
        try pair.shuttle()
        #expect(pair.serverRecorder.handshakeCompleted)
        // An application-data record whose bytes no key made.
        let forged = ByteBuffer(bytes: [0x17, 0x03, 0x03, 0x00, 0x20] + [UInt8](repeating: 0x5a, count: 32))
        try pair.server.writeInbound(forged)

        let badMAC = "error:0A000119:SSL routines::decryption failed or bad record mac"
        // TLS 1.2's AES-GCM record layer reports the cipher provider's failure first.
        let reasons = version == .tls12 ? ["error:1C800066:Provider routines::cipher operation failed", badMAC] : [badMAC]
        #expect(pair.serverRecorder.tlsErrors == [.ioFailed(reasons: reasons)])
        #expect(!pair.server.isActive)
        #expect(pair.serverRecorder.plaintext == "")
    }

    @Test func theClientRefusesACertificateForAnotherName() throws {
        let setup = try Setup()
        let pair = try pair(setup, hostname: "wrong.test", provider: FixedStaple(try setup.staple()))
        try pair.shuttle()

        // The server had no certificate for that name and sent its default (example.com).
        let hello = try #require(pair.trace.events(of: pair.serverID).first)
        #expect(hello.detail.hasPrefix("sni=wrong.test status_request=yes"), "\(hello.detail)")
        #expect(pair.clientRecorder.tlsErrors == [.handshakeFailed(reasons: ["error:0A000086:SSL routines::certificate verify failed"],
                                                                   verifyResult: "hostname mismatch")])
        #expect(pair.shown.leafName == nil)         // refused before the status policy ran
        #expect(pair.clientFacts.accepted == nil)
        #expect(!pair.clientRecorder.handshakeCompleted)
        #expect(!pair.client.isActive)
    }
}

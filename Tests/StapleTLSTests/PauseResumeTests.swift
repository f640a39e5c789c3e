import Foundation
import NIOCore
import Testing
import StapleCore
import StaplePKI
@testable import StapleTLS

/// Classic OCSP inside the handshake: the client pauses verification, asks a real HTTP
/// responder on loopback, and resumes (or fails) with the answer.
@Suite struct PauseResumeTests {
    func fetchingPolicy(_ setup: StapledHandshakeTests.Setup, responder: SocketAddress,
                        alwaysFetch: Bool) -> StapleCheckingPolicy {
        var policy = setup.policy
        policy.requestsStaple = !alwaysFetch
        policy.alwaysFetch = alwaysFetch
        policy.fetcher = { peer, loop in
            do {
                let request = try OCSPRequest(certificate: peer.leaf, issuer: peer.issuer!).der()
                return LoopbackOCSP.post(request, to: responder, on: loop)
            } catch {
                return loop.makeFailedFuture(error)
            }
        }
        return policy
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func pausesFetchesAndResumesToSuccess(version: TLSVersion) async throws {
        let setup = try StapledHandshakeTests.Setup(versions: version ... version)
        let requests = RequestCounter()
        let responder = try await LoopbackOCSP.start(setup.responder, requests: requests)
        defer { responder.close(promise: nil) }
        let server = try await TLSTestHarness.startServer(setup.server, provider: NoStaple())
        defer { server.close(promise: nil) }
        let trace = Trace()
        let result = try await TLSTestHarness.connect(
            to: server.localAddress!, hostname: "example.com", tls: setup.client,
            policy: fetchingPolicy(setup, responder: responder.localAddress!, alwaysFetch: true), trace: trace)
        #expect(result.statusDecision == .accept("good"))
        #expect(result.response.hasSuffix("ok"))
        #expect(requests.value == 1)
        let kinds = trace.events.filter { $0.party.role == .client }.map(\.kind)
        #expect(kinds == [.clientHelloSent, .certificateReceived, .verifyStart, .verifyPaused, .verifyResumed,
                          .verifyEnd, .handshakeComplete, .requestSent, .firstByte], "\(kinds)")
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func aRevokedAnswerFailsTheHandshake(version: TLSVersion) async throws {
        let setup = try StapledHandshakeTests.Setup(versions: version ... version)
        let requests = RequestCounter()
        let responder = try await LoopbackOCSP.start(setup.responder, requests: requests)
        defer { responder.close(promise: nil) }
        let server = try await TLSTestHarness.startServer(setup.server, provider: NoStaple())
        defer { server.close(promise: nil) }
        let trace = Trace()
        do {
            _ = try await TLSTestHarness.connect(
                to: server.localAddress!, hostname: "revoked.test", tls: setup.client,
                policy: fetchingPolicy(setup, responder: responder.localAddress!, alwaysFetch: true), trace: trace)
            Issue.record("a revoked certificate must fail the handshake")
        } catch let error as TLSError {
            #expect(error == .certificateStatusRejected("revoked (keyCompromise)"))
        }
        #expect(requests.value == 1)
        #expect(!trace.events.contains { $0.party.role == .client && $0.kind == .handshakeComplete })
        #expect(trace.events.contains { $0.party.role == .client && $0.kind == .handshakeFailed })
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func noStapleFallsBackToAFetch(version: TLSVersion) async throws {
        // Stapled policy with fallback: the server sends no staple, so the client asks the responder.
        let setup = try StapledHandshakeTests.Setup(versions: version ... version)
        let requests = RequestCounter()
        let responder = try await LoopbackOCSP.start(setup.responder, requests: requests)
        defer { responder.close(promise: nil) }
        let server = try await TLSTestHarness.startServer(setup.server, provider: NoStaple())
        defer { server.close(promise: nil) }
        let trace = Trace()
        let result = try await TLSTestHarness.connect(
            to: server.localAddress!, hostname: "example.com", tls: setup.client,
            policy: fetchingPolicy(setup, responder: responder.localAddress!, alwaysFetch: false), trace: trace)
        #expect(result.statusDecision == .accept("good"))
        #expect(requests.value == 1)
        let kinds = trace.events.filter { $0.party.role == .client }.map(\.kind)
        #expect(kinds.contains(.stapleAbsent) && kinds.contains(.verifyPaused) && kinds.contains(.verifyResumed))
        // The request goes out only after the decision.
        let resumed = try #require(trace.events.first { $0.kind == .verifyResumed })
        let request = try #require(trace.events.first { $0.kind == .requestSent })
        #expect(resumed.time <= request.time)
    }

    @Test func aStapleMeansNoFetch() async throws {
        let setup = try StapledHandshakeTests.Setup()
        let requests = RequestCounter()
        let responder = try await LoopbackOCSP.start(setup.responder, requests: requests)
        defer { responder.close(promise: nil) }
        let server = try await TLSTestHarness.startServer(setup.server, provider: FixedStaple(try setup.staple()))
        defer { server.close(promise: nil) }
        let result = try await TLSTestHarness.connect(
            to: server.localAddress!, hostname: "example.com", tls: setup.client,
            policy: fetchingPolicy(setup, responder: responder.localAddress!, alwaysFetch: false))
        #expect(result.statusDecision == .accept("good"))
        #expect(requests.value == 0)
    }
}

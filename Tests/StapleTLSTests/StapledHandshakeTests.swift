import Foundation
import NIOCore
import Testing
import StapleCore
import StaplePKI
@testable import StapleTLS

/// Real TLS handshakes over loopback sockets in which the server staples and the client checks.
@Suite struct StapledHandshakeTests {
    struct Setup {
        let pki: TestPKI
        let responder: OCSPResponder
        let verifier: OCSPVerifier
        let server: TLSContext
        let client: TLSContext
        let now = Date().timeIntervalSince1970

        init(mustStaple: Bool = false, versions: ClosedRange<TLSVersion> = .tls12 ... .tls13) throws {
            pki = try TestPKI.make(.init(sites: [.init(host: "example.com", mustStaple: mustStaple),
                                                .init(host: "revoked.test")],
                                         ocspURL: "http://ocsp.ca.test/"))
            responder = OCSPResponder(authorities: pki.authorities()) { _, host in
                host == "revoked.test" ? .revoked(time: 1_700_000_000, reason: .keyCompromise) : .good
            }
            verifier = OCSPVerifier(trust: try pki.trustStore())
            server = try TLSContext(server: pki.leaves.map { ($0.host, $0.identity) }, versions: versions)
            client = try TLSContext(client: try pki.trustStore(), versions: versions)
        }

        func staple(for host: String = "example.com", at time: Double? = nil, validity: Double = 3600) throws -> [UInt8] {
            let leaf = pki.leaf(for: host)!.certificate
            let request = try OCSPRequest(certificate: leaf, issuer: pki.issuingCA.certificate)
            return responder.respond(to: request, timing: .init(now: time ?? now, validity: validity)).der
        }

        var policy: StapleCheckingPolicy { StapleCheckingPolicy(verifier: verifier) }

        func run(staple: [UInt8]?, host: String = "example.com", policy: (any CertificateStatusPolicy)? = nil,
                 trace: Trace = Trace()) async throws -> TLSTestHarness.ClientResult {
            let channel = try await TLSTestHarness.startServer(server, provider: FixedStaple(staple), trace: trace)
            defer { channel.close(promise: nil) }
            return try await TLSTestHarness.connect(to: channel.localAddress!, hostname: host, tls: client,
                                                    policy: policy ?? self.policy, trace: trace)
        }

        /// Runs and returns the TLS error the client failed with.
        func refusal(staple: [UInt8]?, host: String = "example.com") async throws -> TLSError {
            do {
                let result = try await run(staple: staple, host: host)
                Issue.record("expected a refusal, got \(String(describing: result.statusDecision))")
                return .closed
            } catch let error as TLSError {
                return error
            }
        }
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func stapledHandshakeCompletesAndTheClientReportsAGoodStaple(version: TLSVersion) async throws {
        let setup = try Setup(versions: version ... version)
        let trace = Trace()
        let staple = try setup.staple()
        let result = try await setup.run(staple: staple, trace: trace)
        #expect(result.version == version)
        #expect(result.staple == staple)
        #expect(result.statusDecision == .accept("good"))
        #expect(result.response.hasSuffix("\r\n\r\nok"))
        // The client's events, in order, on one clock.
        let kinds = trace.events.filter { $0.party == .client("Alice") }.map(\.kind)
        #expect(kinds == [.clientHelloSent, .certificateReceived, .stapleReceived, .verifyStart, .verifyEnd,
                          .handshakeComplete, .requestSent, .firstByte], "\(kinds)")
        let server = trace.events.filter { $0.party == .server("test") }
        #expect(server.first?.kind == .clientHelloReceived)
        #expect(server.first?.detail.hasPrefix("sni=example.com status_request=yes peer=127.0.0.1:") == true)
        // The server learned the hostname from the SNI, with the client's address.
        #expect(trace.observations.map(\.hostname) == ["example.com"])
        #expect(trace.observations.first?.via == .sni)
        #expect(trace.observations.first?.clientAddress == "127.0.0.1")
        #expect(server.contains { $0.kind == .stapleSent && $0.bytes == result.staple?.count })
        let times = trace.events.filter { $0.party == .client("Alice") }.map(\.time)
        #expect(times == times.sorted())
    }

    @Test func serverPicksTheCertificateBySNI() async throws {
        let setup = try Setup()
        let result = try await setup.run(staple: try setup.staple(for: "revoked.test"), host: "revoked.test",
                                         policy: NoStatusCheck())
        #expect(result.leafName == "revoked.test")
        #expect(result.statusDecision == .accept("no check"))
    }

    @Test func withoutMustStapleAndWithoutAStapleTheClientReportsNoStaple() async throws {
        let setup = try Setup()
        let trace = Trace()
        let result = try await setup.run(staple: nil, trace: trace)
        #expect(result.staple == nil)
        #expect(result.statusDecision == .accept("no staple"))
        #expect(trace.events.contains { $0.kind == .stapleAbsent })
        #expect(trace.events.contains { $0.kind == .stapleNotSent && $0.detail == "no staple configured" })
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func refusesARevokedStaple(version: TLSVersion) async throws {
        let setup = try Setup(versions: version ... version)
        let error = try await setup.refusal(staple: try setup.staple(for: "revoked.test", at: nil), host: "revoked.test")
        #expect(error == .certificateStatusRejected("revoked (keyCompromise)"))
    }

    @Test func refusesAStapleSignedByAnotherCA() async throws {
        let setup = try Setup()
        let other = try CertificateAuthority.root(name: "Other CA")
        let forger = OCSPResponder(
            authorities: [OCSPAuthority(issuer: setup.pki.issuingCA.identity,
                                        delegatedSigner: IssuedCertificate(certificate: other.certificate, key: other.key),
                                        issued: [(setup.pki.leaf(for: "example.com")!.certificate, "example.com")])],
            status: { _, _ in .good })
        let request = try OCSPRequest(certificate: setup.pki.leaf(for: "example.com")!.certificate,
                                      issuer: setup.pki.issuingCA.certificate)
        let forged = forger.respond(to: request, timing: .init(now: setup.now)).der
        let error = try await setup.refusal(staple: forged)
        guard case .certificateStatusRejected(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.hasPrefix("rejected: the response's signer does not chain to a trusted root"), "\(reason)")
    }

    @Test func refusesAStapleForAnotherCertificate() async throws {
        let setup = try Setup()
        let error = try await setup.refusal(staple: try setup.staple(for: "revoked.test"))
        #expect(error == .certificateStatusRejected("rejected: the response is about another certificate"))
    }

    @Test func refusesAnExpiredStaple() async throws {
        let setup = try Setup()
        let error = try await setup.refusal(staple: try setup.staple(at: setup.now - 7200, validity: 3600))
        guard case .certificateStatusRejected(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.hasPrefix("rejected: the response expired"), "\(reason)")
    }

    @Test func refusesAStapleFromTheFuture() async throws {
        let setup = try Setup()
        let error = try await setup.refusal(staple: try setup.staple(at: setup.now + 3600))
        guard case .certificateStatusRejected(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.hasPrefix("rejected: the response is not valid yet"), "\(reason)")
    }

    @Test func refusesGarbageAndTruncatedStaples() async throws {
        let setup = try Setup()
        let good = try setup.staple()
        for bytes in [Array("garbage, not DER".utf8), Array(good.prefix(good.count / 2))] {
            let error = try await setup.refusal(staple: bytes)
            #expect(error == .certificateStatusRejected("rejected: the response is not a DER OCSPResponse"))
        }
    }

    @Test func refusesAnErrorStatusStaple() async throws {
        let setup = try Setup()
        let error = try await setup.refusal(staple: OCSPResponder.errorResponse(.tryLater))
        #expect(error == .certificateStatusRejected("rejected: the responder answered tryLater"))
    }

    @Test(arguments: [TLSVersion.tls13, .tls12])
    func refusesAMustStapleCertificateWithoutAStaple(version: TLSVersion) async throws {
        let setup = try Setup(mustStaple: true, versions: version ... version)
        let error = try await setup.refusal(staple: nil)
        #expect(error == .certificateStatusRejected("no staple for a must-staple certificate"))
    }

    @Test func aClientThatTrustsAnotherRootFailsTheChainNotTheStaple() async throws {
        let setup = try Setup()
        let otherRoot = try CertificateAuthority.root(name: "Other CA")
        let client = try TLSContext(client: try TrustStore(roots: [otherRoot.certificate]))
        let channel = try await TLSTestHarness.startServer(setup.server, provider: FixedStaple(try setup.staple()))
        defer { channel.close(promise: nil) }
        do {
            _ = try await TLSTestHarness.connect(to: channel.localAddress!, hostname: "example.com", tls: client,
                                                 policy: setup.policy)
            Issue.record("expected a chain failure")
        } catch let error as TLSError {
            guard case .handshakeFailed(_, let verify) = error else { Issue.record("\(error)"); return }
            #expect(verify == "unable to get local issuer certificate")
        }
    }
}

import Foundation
import NIOCore
import Testing
import StapleTestSupport
import StaplePKI
@testable import StapleTLS

/// The default PKI (`staplebench pki init`, every run's) against programs nobody here wrote:
/// openssl s_client, curl and gnutls-cli checking our staples, gnutls-cli and openssl ocsp
/// asking our responder. Each program's tests skip, saying so, when it is not installed.
@Suite(.serialized) struct DefaultPKIInteropTests {
    typealias Variant = DefaultPKISetup.Variant

    /// Runs `program` off the cooperative pool, bounded in time.
    static func run(_ program: String, _ arguments: [String], timeout: Double = 20) async throws -> BoundedCommand.Output {
        try await Task.detached { try BoundedCommand.run(program, arguments, timeout: timeout) }.value
    }

    static func startServer(_ setup: DefaultPKISetup, staples: [String: [UInt8]]) async throws -> (Channel, Int) {
        let channel = try await TLSTestHarness.startServer(setup.server, provider: PerSiteStaple(staples: staples))
        return (channel, channel.localAddress!.port!)
    }

    // MARK: - openssl s_client

    @Test(.enabled(if: BoundedCommand.find("openssl") != nil, "openssl is not installed"), arguments: Variant.allCases)
    func opensslClientVerifiesChainAndStaple(variant: Variant) async throws {
        let setup = try DefaultPKISetup(variant)
        let (server, port) = try await Self.startServer(setup, staples: ["example.com": try setup.staple()])
        defer { server.close(promise: nil) }
        let out = try await Self.run("openssl", ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "example.com",
                                                 "-status", "-CAfile", setup.caFile, "-verify_return_error",
                                                 "-verify_hostname", "example.com", "-showcerts"])
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.contains("OCSP Response Status: successful"), "\(out)")
        #expect(out.stdout.contains("Cert Status: good"), "\(out)")
        #expect(out.stdout.contains("Verify return code: 0 (ok)"), "\(out)")
        // The server sends leaf + intermediate (two certificates), and the chain ends at our root.
        #expect(out.stdout.contains(" 1 s:O = StapleBench, CN = StapleBench Test Intermediate CA"), "\(out)")
        #expect(!out.stdout.contains(" 2 s:"), "\(out)")
        #expect(out.stdout.contains("i:O = StapleBench, CN = StapleBench Test Intermediate CA"), "\(out)")
        #expect(out.stdout.contains("i:O = StapleBench, CN = StapleBench Test Root CA"), "\(out)")
        if variant == .delegatedSigner {
            #expect(out.stdout.contains("Responder Id: O = StapleBench, CN = StapleBench OCSP Signer"), "\(out)")
        } else {
            #expect(out.stdout.contains("Responder Id: O = StapleBench, CN = StapleBench Test Intermediate CA"), "\(out)")
        }
    }

    // MARK: - curl --cert-status

    static func curl(_ setup: DefaultPKISetup, host: String, port: Int) async throws -> BoundedCommand.Output {
        try await run("curl", ["-sS", "--max-time", "10", "--cert-status", "--cacert", setup.caFile,
                               "--resolve", "\(host):\(port):127.0.0.1", "https://\(host):\(port)/"])
    }

    @Test(.enabled(if: BoundedCommand.find("curl") != nil, "curl is not installed"), arguments: Variant.allCases)
    func curlAcceptsAGoodStaple(variant: Variant) async throws {
        let setup = try DefaultPKISetup(variant)
        let (server, port) = try await Self.startServer(setup, staples: ["example.com": try setup.staple()])
        defer { server.close(promise: nil) }
        let out = try await Self.curl(setup, host: "example.com", port: port)
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout == "ok", "\(out)")
    }

    @Test(.enabled(if: BoundedCommand.find("curl") != nil, "curl is not installed"), arguments: Variant.allCases)
    func curlRefusesARevokedStapleSayingItIsRevoked(variant: Variant) async throws {
        let setup = try DefaultPKISetup(variant)
        let (server, port) = try await Self.startServer(setup, staples: ["revoked.test": try setup.staple(for: "revoked.test")])
        defer { server.close(promise: nil) }
        let out = try await Self.curl(setup, host: "revoked.test", port: port)
        #expect(out.status == 91, "\(out)") // CURLE_SSL_INVALIDCERTSTATUS
        #expect(out.stderr.contains("curl: (91) SSL certificate revocation reason: keyCompromise"), "\(out)")
    }

    @Test(.enabled(if: BoundedCommand.find("curl") != nil, "curl is not installed"))
    func curlRefusesAMissingStaple() async throws {
        let setup = try DefaultPKISetup(.plain)
        let (server, port) = try await Self.startServer(setup, staples: [:])
        defer { server.close(promise: nil) }
        let out = try await Self.curl(setup, host: "example.com", port: port)
        #expect(out.status == 91, "\(out)")
        #expect(out.stderr.contains("No OCSP response received"), "\(out)")
    }

    /// Why the default changed: a leaf straight from the root, the server sending only the leaf
    /// and the response signed by the root without the root inside. curl cannot find the signer.
    @Test(.enabled(if: BoundedCommand.find("curl") != nil, "curl is not installed"))
    func curlCannotVerifyAStapleForALeafStraightFromTheRoot() async throws {
        let pki = try TestPKI.make(.init(sites: [.init(host: "example.com")], ocspURL: "http://127.0.0.1:9/",
                                         intermediate: false))
        let dir = try TemporaryDirectory()
        try pki.write(to: dir.path)
        let leaf = pki.leaves[0].identity.certificate
        #expect(pki.issuer(of: leaf) === pki.root.certificate)
        let staple = OCSPResponder(authorities: pki.authorities(), status: { _, _ in .good })
            .respond(to: try OCSPRequest(certificate: leaf, issuer: pki.root.certificate), timing: .init(now: Date().timeIntervalSince1970)).der
        let channel = try await TLSTestHarness.startServer(try TLSContext(server: pki.leaves.map { ($0.host, $0.identity) }),
                                                           provider: FixedStaple(staple))
        defer { channel.close(promise: nil) }
        let port = channel.localAddress!.port!
        let out = try await Self.run("curl", ["-sS", "--max-time", "10", "--cert-status", "--cacert", dir.path + "/ca.pem",
                                              "--resolve", "example.com:\(port):127.0.0.1", "https://example.com:\(port)/"])
        #expect(out.status == 91, "\(out)")
        #expect(out.stderr.contains("OCSP response verification failed"), "\(out)")
    }

    // MARK: - gnutls-cli --ocsp

    static func gnutls(_ setup: DefaultPKISetup, host: String, port: Int) async throws -> BoundedCommand.Output {
        try await run("gnutls-cli", ["--ocsp", "--x509cafile", setup.caFile, "--sni-hostname", host,
                                     "--verify-hostname", host, "-p", String(port), "127.0.0.1"])
    }

    @Test(.enabled(if: BoundedCommand.find("gnutls-cli") != nil, "gnutls-cli is not installed"), arguments: Variant.allCases)
    func gnutlsAcceptsAGoodStapleAndRefusesARevokedOne(variant: Variant) async throws {
        let setup = try DefaultPKISetup(variant)
        let (server, port) = try await Self.startServer(setup, staples: ["example.com": try setup.staple(),
                                                                         "revoked.test": try setup.staple(for: "revoked.test")])
        defer { server.close(promise: nil) }
        let good = try await Self.gnutls(setup, host: "example.com", port: port)
        #expect(good.status == 0, "\(good)")
        #expect(good.stdout.contains("OCSP status: valid") || good.combined.contains("The certificate is trusted."), "\(good)")
        #expect(good.combined.contains("Status: The certificate is trusted."), "\(good)")
        let revoked = try await Self.gnutls(setup, host: "revoked.test", port: port)
        #expect(revoked.status == 1, "\(revoked)")
        #expect(revoked.combined.contains("revoked"), "\(revoked)")
    }

    @Test(.enabled(if: BoundedCommand.find("gnutls-cli") != nil, "gnutls-cli is not installed"), arguments: Variant.allCases)
    func gnutlsAsksOurResponderWhenThereIsNoStaple(variant: Variant) async throws {
        let port = try OpenSSLServer.freePort()
        let setup = try DefaultPKISetup(variant, ocspPort: port)
        let requests = RequestCounter()
        let responder = try await LoopbackOCSP.start(setup.responder, requests: requests, port: port)
        defer { responder.close(promise: nil) }
        let (server, serverPort) = try await Self.startServer(setup, staples: [:])
        defer { server.close(promise: nil) }
        let good = try await Self.gnutls(setup, host: "example.com", port: serverPort)
        if variant == .mustStaple {
            // A must-staple certificate without a staple: refused, no responder asked.
            #expect(good.status == 1, "\(good)")
            #expect(requests.value == 0, "\(good)")
            return
        }
        #expect(good.status == 0, "\(good)")
        #expect(good.combined.contains("Status: The certificate is trusted."), "\(good)")
        #expect(requests.value >= 1, "gnutls-cli asked our responder: \(good)")
        let revoked = try await Self.gnutls(setup, host: "revoked.test", port: serverPort)
        #expect(revoked.status == 1, "\(revoked)")
        #expect(revoked.combined.contains("revoked"), "\(revoked)")
    }

    // MARK: - openssl ocsp -url

    @Test(.enabled(if: BoundedCommand.find("openssl") != nil, "openssl is not installed"), arguments: Variant.allCases)
    func opensslOCSPAsksOurResponder(variant: Variant) async throws {
        let port = try OpenSSLServer.freePort()
        let setup = try DefaultPKISetup(variant, ocspPort: port)
        let requests = RequestCounter()
        let responder = try await LoopbackOCSP.start(setup.responder, requests: requests, port: port)
        defer { responder.close(promise: nil) }
        for (host, status) in [("example.com", "good"), ("revoked.test", "revoked")] {
            let out = try await Self.run("openssl", [
                "ocsp", "-issuer", setup.path("intermediate.pem"), "-cert", setup.path("\(host).pem"),
                "-url", "http://127.0.0.1:\(port)/", "-CAfile", setup.caFile, "-timeout", "10"])
            #expect(out.combined.contains("Response verify OK"), "\(out)")
            #expect(out.stdout.contains("\(host).pem: \(status)"), "\(out)")
            #expect(!out.combined.contains("WARNING"), "nonce echoed, times valid: \(out)")
        }
        #expect(requests.value == 2)
    }
}

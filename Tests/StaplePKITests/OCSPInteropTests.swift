import Foundation
import Testing
import StapleTestSupport
@testable import StaplePKI

/// Our OCSP against the `openssl ocsp` command: neither side wrote the other.
@Suite struct OCSPInteropTests {
    @Test(arguments: [false, true])
    func opensslAcceptsOurResponses(delegated: Bool) throws {
        let f = try OCSPFixture(delegated: delegated)
        let dir = try TemporaryDirectory()
        try f.pki.write(to: dir.path)
        let good = try dir.write(try f.response().der, "good.der")
        let out = try OpenSSLCommand.run(["ocsp", "-respin", good, "-CAfile", dir.path + "/ca.pem",
                                          "-issuer", dir.path + "/intermediate.pem", "-cert", dir.path + "/example.com.pem"])
        #expect(out.combined.contains("Response verify OK"), "\(out.combined)")
        #expect(out.stdout.contains("example.com.pem: good"), "\(out.stdout)")

        let revoked = try dir.write(try f.response(for: "revoked.test").der, "revoked.der")
        let out2 = try OpenSSLCommand.run(["ocsp", "-respin", revoked, "-CAfile", dir.path + "/ca.pem",
                                           "-issuer", dir.path + "/intermediate.pem", "-cert", dir.path + "/revoked.test.pem"])
        #expect(out2.combined.contains("Response verify OK"))
        #expect(out2.stdout.contains("revoked.test.pem: revoked"), "\(out2.stdout)")
        #expect(out2.stdout.contains("Reason: keyCompromise"), "\(out2.stdout)")
    }

    @Test func opensslRejectsAForgedResponseThatWeAlsoReject() throws {
        let f = try OCSPFixture()
        let other = try CertificateAuthority.root(name: "Other CA")
        let forger = OCSPResponder(
            authorities: [OCSPAuthority(issuer: f.pki.issuingCA.identity,
                                        delegatedSigner: IssuedCertificate(certificate: other.certificate, key: other.key),
                                        issued: [(f.leaf.certificate, "example.com")])],
            status: { _, _ in .good })
        let dir = try TemporaryDirectory()
        try f.pki.write(to: dir.path)
        let forged = try dir.write(forger.respond(to: try f.request().der(), timing: .init(now: f.now)).der, "forged.der")
        let out = try OpenSSLCommand.run(["ocsp", "-respin", forged, "-CAfile", dir.path + "/ca.pem",
                                          "-issuer", dir.path + "/intermediate.pem", "-cert", dir.path + "/example.com.pem"])
        #expect(out.combined.contains("Response Verify Failure"), "\(out.combined)")
    }

    @Test func weAnswerRequestsMadeByOpenSSL() throws {
        let f = try OCSPFixture()
        let dir = try TemporaryDirectory()
        try f.pki.write(to: dir.path)
        let reqPath = dir.path + "/req.der"
        let made = try OpenSSLCommand.run(["ocsp", "-issuer", dir.path + "/intermediate.pem", "-cert",
                                           dir.path + "/revoked.test.pem", "-reqout", reqPath])
        #expect(made.status == 0, "\(made.combined)")
        let der = [UInt8](try Data(contentsOf: URL(fileURLWithPath: reqPath)))
        let request = try OCSPRequest(der: der)
        #expect(request.nonce != nil, "openssl ocsp adds a nonce by default")
        let result = f.responder.respond(to: request, timing: .init(now: f.now))
        #expect(result.answers.map(\.name) == ["revoked.test"])
        let respPath = try dir.write(result.der, "resp.der")
        // -no_nonce: do not add a second nonce to the request read back; openssl still checks the one it has.
        let out = try OpenSSLCommand.run(["ocsp", "-no_nonce", "-reqin", reqPath, "-respin", respPath, "-CAfile", dir.path + "/ca.pem",
                                          "-issuer", dir.path + "/intermediate.pem", "-cert", dir.path + "/revoked.test.pem"])
        #expect(out.combined.contains("Response verify OK"), "\(out.combined)")
        #expect(!out.combined.contains("WARNING: no nonce"), "our responder echoes the nonce")
        #expect(!out.combined.contains("Nonce Verify error"), "and echoes the same nonce")
        #expect(out.stdout.contains("revoked"))
    }

    @Test func weReadResponsesMadeByOpenSSL() throws {
        let f = try OCSPFixture()
        let dir = try TemporaryDirectory()
        try f.pki.write(to: dir.path)
        // An index.txt in `openssl ca` format saying the leaf is revoked.
        let leaf = f.pki.leaf(for: "example.com")!.certificate
        let index = "R\t391231235959Z\t231114000000Z,superseded\t\(leaf.serialHex)\tunknown\t/CN=example.com\n"
        try index.write(toFile: dir.path + "/index.txt", atomically: true, encoding: .utf8)
        let reqPath = try dir.write(try f.request().der(), "req.der")
        let respPath = dir.path + "/resp.der"
        let out = try OpenSSLCommand.run(["ocsp", "-index", dir.path + "/index.txt", "-rsigner", dir.path + "/intermediate.pem",
                                          "-rkey", dir.path + "/intermediate.key", "-CA", dir.path + "/intermediate.pem", "-reqin", reqPath,
                                          "-respout", respPath, "-ndays", "1"])
        #expect(out.status == 0, "\(out.combined)")
        let der = [UInt8](try Data(contentsOf: URL(fileURLWithPath: respPath)))
        guard case .revoked(_, let reason) = f.verify(der) else { Issue.record("got \(f.verify(der))"); return }
        #expect(reason == .superseded)
    }
}

import Foundation
import Testing
@testable import StaplePKI

@Suite struct OCSPTests {
    @Test func goodResponseVerifies() throws {
        let f = try OCSPFixture()
        let result = try f.response()
        #expect(result.responseStatus == .successful)
        #expect(result.answers.map(\.name) == ["example.com"])
        #expect(result.answers.map(\.status) == [.good])
        guard case .good(let thisUpdate, let nextUpdate) = f.verify(result.der) else {
            Issue.record("expected good, got \(f.verify(result.der))"); return
        }
        #expect(abs(thisUpdate - f.now.rounded(.down)) <= 1)
        #expect(abs((nextUpdate ?? 0) - thisUpdate - 3600) <= 1)
        // A CA-signed response omits the CA certificate the client already has.
        #expect(result.der.count < 400, "\(result.der.count) bytes")
    }

    @Test func revokedCarriesTimeAndReason() throws {
        let f = try OCSPFixture()
        let verdict = f.verify(try f.response(for: "revoked.test").der, host: "revoked.test")
        #expect(verdict == .revoked(time: 1_700_000_000, reason: .keyCompromise))
        #expect(verdict.statusName == "revoked")
    }

    @Test func unknownForACertificateTheCADidNotIssue() throws {
        let f = try OCSPFixture()
        // Same issuer, a serial the responder never issued: a leaf from a second PKI that reuses our CA.
        let stray = try f.pki.issuingCA.issueLeaf(hosts: ["stray.test"], ocspURL: nil)
        let request = try OCSPRequest(certificate: stray.certificate, issuer: f.issuer)
        let result = f.responder.respond(to: try request.der(), timing: .init(now: f.now))
        #expect(result.answers.first?.status == .unknown)
        #expect(result.answers.first?.name == nil)
        #expect(f.verifier.verify(result.der, certificate: stray.certificate, issuer: f.issuer, now: f.now) == .unknown)
    }

    @Test func delegatedSignerIsAccepted() throws {
        let f = try OCSPFixture(delegated: true)
        let result = try f.response()
        guard case .good = f.verify(result.der) else { Issue.record("got \(f.verify(result.der))"); return }
        // The delegated signer's certificate travels in the response.
        #expect(result.der.count > 500, "\(result.der.count) bytes")
    }

    @Test func intermediateStatusIsSignedByTheRoot() throws {
        let f = try OCSPFixture(intermediate: true)
        let intermediate = try #require(f.pki.intermediate)
        let request = try OCSPRequest(certificate: intermediate.certificate, issuer: f.pki.root.certificate)
        let result = f.responder.respond(to: try request.der(), timing: .init(now: f.now))
        #expect(result.answers.map(\.name) == ["StapleBench Test Intermediate CA"])
        let verdict = f.verifier.verify(result.der, certificate: intermediate.certificate,
                                        issuer: f.pki.root.certificate, now: f.now)
        guard case .good = verdict else { Issue.record("got \(verdict)"); return }
        // And the leaf's status comes signed by the intermediate.
        guard case .good = f.verify(try f.response().der) else { Issue.record("leaf not good"); return }
    }

    @Test func responseSignedByAnotherCAIsRejected() throws {
        let f = try OCSPFixture()
        // Another CA answers about our certificate: it includes its own certificate as signer.
        let other = try CertificateAuthority.root(name: "Other CA")
        let forger = OCSPResponder(
            authorities: [OCSPAuthority(issuer: f.pki.issuingCA.identity,
                                        delegatedSigner: IssuedCertificate(certificate: other.certificate, key: other.key),
                                        issued: [(f.leaf.certificate, "example.com")])],
            status: { _, _ in .good })
        let forged = forger.respond(to: try f.request().der(), timing: .init(now: f.now))
        #expect(forged.responseStatus == .successful)
        guard case .rejected(.untrustedSigner(let why)) = f.verify(forged.der) else {
            Issue.record("got \(f.verify(forged.der))"); return
        }
        #expect(why.contains("unable to get local issuer certificate") || why.contains("self-signed"), "\(why)")

        // Without its certificate inside, the client cannot even find the signer.
        let hidden = OCSPResponder(
            authorities: [OCSPAuthority(issuer: f.pki.issuingCA.identity,
                                        delegatedSigner: IssuedCertificate(certificate: other.certificate, key: other.key),
                                        includeSignerCertificate: false,
                                        issued: [(f.leaf.certificate, "example.com")])],
            status: { _, _ in .good })
        #expect(f.verify(hidden.respond(to: try f.request().der(), timing: .init(now: f.now)).der)
                == .rejected(.signerNotFound))
    }

    @Test func responseForAnotherCertificateIsRejected() throws {
        let f = try OCSPFixture()
        let forRevokedTest = try f.response(for: "revoked.test")
        #expect(f.verify(forRevokedTest.der, host: "example.com") == .rejected(.certIDMismatch))
    }

    @Test func expiredAndFutureResponsesAreRejectedBeyondSkew() throws {
        let f = try OCSPFixture()
        // Made two hours ago, valid one hour: expired an hour ago.
        let old = try f.response(at: f.now - 7200, validity: 3600)
        guard case .rejected(.expired(let next)) = f.verify(old.der) else { Issue.record("got \(f.verify(old.der))"); return }
        #expect(abs(next - (f.now - 3600)) <= 1)
        // Made an hour in the future.
        let future = try f.response(at: f.now + 3600)
        guard case .rejected(.notYetValid) = f.verify(future.der) else { Issue.record("got \(f.verify(future.der))"); return }
        // Within the skew (300 s) both are accepted.
        guard case .good = f.verify(try f.response(at: f.now + 200).der) else { Issue.record("skew ahead"); return }
        guard case .good = f.verify(try f.response(at: f.now - 3600 - 200, validity: 3600).der) else {
            Issue.record("skew behind"); return
        }
        // The verifier's "now" is the caller's: the same response is expired a day later.
        guard case .rejected(.expired) = f.verify(try f.response().der, at: f.now + 86_400) else {
            Issue.record("scenario clock"); return
        }
    }

    @Test func tooOldWhenTheClientLimitsAge() throws {
        let f = try OCSPFixture()
        let strict = OCSPVerifier(trust: try f.pki.trustStore(), skew: 0, maxAge: 600)
        let der = try f.response(at: f.now - 3000, validity: 7 * 86_400).der
        guard case .rejected(.tooOld) = strict.verify(der, certificate: f.leaf.certificate, issuer: f.issuer, now: f.now) else {
            Issue.record("expected too-old"); return
        }
    }

    @Test func garbageAndTruncatedBytesAreMalformed() throws {
        let f = try OCSPFixture()
        let good = try f.response().der
        #expect(f.verify([]) == .rejected(.malformed))
        #expect(f.verify([0x00, 0x01, 0x02]) == .rejected(.malformed))
        #expect(f.verify(Array("not der at all".utf8)) == .rejected(.malformed))
        for cut in [1, 10, good.count / 2, good.count - 1] {
            #expect(f.verify(Array(good.prefix(cut))) == .rejected(.malformed), "cut at \(cut)")
        }
    }

    @Test func withoutSignatureCheckAForgedResponseIsReadButNotTrusted() throws {
        let f = try OCSPFixture()
        let other = try CertificateAuthority.root(name: "Other CA")
        let forger = OCSPResponder(
            authorities: [OCSPAuthority(issuer: f.pki.issuingCA.identity,
                                        delegatedSigner: IssuedCertificate(certificate: other.certificate, key: other.key),
                                        issued: [(f.leaf.certificate, "example.com")])],
            status: { _, _ in .revoked(time: 1_700_000_000, reason: .superseded) })
        let forged = forger.respond(to: try f.request().der(), timing: .init(now: f.now)).der
        let lax = OCSPVerifier(trust: try f.pki.trustStore(), checkSignature: false)
        #expect(lax.verify(forged, certificate: f.leaf.certificate, issuer: f.issuer, now: f.now)
                == .revoked(time: 1_700_000_000, reason: .superseded))
        guard case .rejected(.untrustedSigner) = f.verify(forged) else { Issue.record("strict must reject"); return }
    }

    @Test func tamperedSignatureIsRejected() throws {
        let f = try OCSPFixture()
        var der = try f.response().der
        // Flip a byte in the signature's last bytes (the BIT STRING at the end of the BasicOCSPResponse).
        der[der.count - 3] ^= 0x55
        let verdict = f.verify(der)
        #expect(verdict == .rejected(.badSignature) || verdict == .rejected(.malformed), "\(verdict)")
        #expect(!verdict.isTrustworthy)
    }

    @Test(arguments: [OCSPResponseStatus.malformedRequest, .internalError, .tryLater, .sigRequired, .unauthorized])
    func errorStatusesAreUnsignedAndRejected(status: OCSPResponseStatus) throws {
        let f = try OCSPFixture()
        let der = OCSPResponder.errorResponse(status)
        #expect(der == [0x30, 0x03, 0x0A, 0x01, UInt8(status.rawValue)])
        #expect(f.verify(der) == .rejected(.errorStatus(status)))
    }

    @Test func nonceIsEchoedAndChecked() throws {
        let f = try OCSPFixture()
        let request = try f.request(nonce: true)
        #expect(request.nonce != nil)
        let response = f.responder.respond(to: request, timing: .init(now: f.now))
        guard case .good = f.verify(response.der, request: request) else { Issue.record("nonce echo"); return }
        // Another request's nonce does not match.
        let other = try f.request(nonce: true)
        #expect(f.verify(response.der, request: other) == .rejected(.nonceMismatch))
        // A response without a nonce: accepted unless the client requires one.
        let plain = try f.response().der
        guard case .good = f.verify(plain, request: other) else { Issue.record("nonce optional"); return }
        let strict = OCSPVerifier(trust: try f.pki.trustStore(), requireNonce: true)
        #expect(strict.verify(plain, certificate: f.leaf.certificate, issuer: f.issuer, request: other, now: f.now)
                == .rejected(.nonceMissing))
    }

    @Test func requestUsesSHA1CertIDAndGETFormRoundTrips() throws {
        let f = try OCSPFixture()
        let request = try f.request()
        let ids = request.certIDs
        #expect(ids.count == 1)
        #expect(ids[0].hashAlgorithm == "SHA1")
        #expect(ids[0].issuerNameHash.count == 20)
        #expect(ids[0].serialHex == f.leaf.certificate.serialHex)
        let url = try request.getURL(base: "http://ocsp.ca.test:8080/")
        #expect(url.hasPrefix("http://ocsp.ca.test:8080/MF"))
        #expect(!url.dropFirst("http://".count).contains("+"))
        let path = String(url.dropFirst("http://ocsp.ca.test:8080".count))
        #expect(try OCSPRequest.derFromGETPath(path) == (try request.der()))
        // Some clients leave '/' unescaped and put the request under a prefix path.
        let raw = "/ocsp/" + Base64.encode(try request.der())
        #expect(try OCSPRequest.derFromGETPath(raw) == (try request.der()))
        #expect(throws: OCSPRequest.ParseError.badGETPath("/favicon.ico")) { try OCSPRequest.derFromGETPath("/favicon.ico") }
    }

    @Test func responderAnswersMalformedAndUnauthorized() throws {
        let f = try OCSPFixture()
        let garbage = f.responder.respond(to: [0x30, 0x00], timing: .init(now: f.now))
        #expect(garbage.responseStatus == .malformedRequest)
        #expect(garbage.der == OCSPResponder.errorResponse(.malformedRequest))
        // A certificate of another CA: this responder is not authoritative.
        let other = try CertificateAuthority.root(name: "Other CA")
        let foreignLeaf = try other.issueLeaf(hosts: ["foreign.test"], ocspURL: nil)
        let request = try OCSPRequest(certificate: foreignLeaf.certificate, issuer: other.certificate)
        let refused = f.responder.respond(to: try request.der(), timing: .init(now: f.now))
        #expect(refused.responseStatus == .unauthorized)
        #expect(refused.answers.map(\.serialHex) == [foreignLeaf.certificate.serialHex])
    }

    @Test func base64AndHexRoundTrip() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
            #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("hello".utf8)) == "aGVsbG8=")
        #expect(Base64.decode("a") == nil)
        #expect(Hex.decode("0G") == nil)
        #expect(Base64.urlUnescape("%2B%2F%3D") == "+/=")
        #expect(Base64.urlUnescape("%2") == nil)
    }
}

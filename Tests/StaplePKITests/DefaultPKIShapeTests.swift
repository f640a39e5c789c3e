import Foundation
import Testing
import StapleTestSupport
@testable import StaplePKI

/// The default PKI is shaped like the Web PKI for every option: root → issuing intermediate →
/// leaf, the leaf's chain (what a server sends after it) holding the intermediate, and the
/// leaf's OCSP responses signed by the intermediate or by a delegated signer it issued.
@Suite struct DefaultPKIShapeTests {
    static let options: [TestPKI.Options] = [
        .init(sites: [.init(host: "example.com")], ocspURL: "http://ocsp.ca.test/"),
        .init(sites: [.init(host: "example.com", mustStaple: true)], ocspURL: "http://ocsp.ca.test/"),
        .init(sites: [.init(host: "example.com")], ocspURL: "http://ocsp.ca.test/", delegatedSigner: true),
        .init(sites: [.init(host: "example.com")], ocspURL: "http://ocsp.ca.test/", algorithm: .rsa2048),
    ]

    @Test(arguments: options)
    func leavesComeFromTheIntermediateAndTheirChainHoldsIt(options: TestPKI.Options) throws {
        let pki = try TestPKI.make(options)
        let intermediate = try #require(pki.intermediate)
        let leaf = try #require(pki.leaf(for: "example.com"))
        #expect(leaf.certificate.isIssued(by: intermediate.certificate))
        #expect(!leaf.certificate.isIssued(by: pki.root.certificate))
        #expect(intermediate.certificate.isIssued(by: pki.root.certificate))
        #expect(leaf.chain.map(\.serialHex) == [intermediate.certificate.serialHex])
        #expect(pki.issuer(of: leaf.certificate) === intermediate.certificate)
        #expect(leaf.certificate.mustStaple == options.sites[0].mustStaple)
    }

    @Test(arguments: options)
    func theLeafsResponseIsSignedByItsIssuerSide(options: TestPKI.Options) throws {
        let pki = try TestPKI.make(options)
        let leaf = pki.leaf(for: "example.com")!
        let authorities = pki.authorities()
        let forLeaf = try #require(authorities.first { $0.issued[leaf.certificate.serialHex] != nil })
        #expect(forLeaf.issuer === pki.intermediate!.certificate)
        if options.delegatedSigner {
            let signer = try #require(pki.ocspSigner)
            #expect(forLeaf.signer.certificate === signer.certificate)
            #expect(signer.certificate.isIssued(by: pki.intermediate!.certificate))
            #expect(forLeaf.includeSignerCertificate, "a delegated signer travels in the response")
            #expect(pki.rootOCSPSigner?.certificate.isIssued(by: pki.root.certificate) == true)
        } else {
            #expect(forLeaf.signer.certificate === pki.intermediate!.certificate)
            #expect(!forLeaf.includeSignerCertificate, "the server sends the intermediate already")
        }
        // And the response verifies from the server's chain alone (as curl checks it).
        let responder = OCSPResponder(authorities: authorities) { _, _ in .good }
        let now = Date().timeIntervalSince1970
        let der = responder.respond(to: try OCSPRequest(certificate: leaf.certificate, issuer: leaf.chain[0]).der(),
                                    timing: .init(now: now)).der
        let verdict = OCSPVerifier(trust: try pki.trustStore()).verify(der, certificate: leaf.certificate,
                                                                      issuer: leaf.chain[0], now: now)
        guard case .good = verdict else { Issue.record("\(verdict)"); return }
    }

    @Test func aLeafStraightFromTheRootIsStillPossible() throws {
        let pki = try TestPKI.make(.init(sites: [.init(host: "a.test"), .init(host: "b.test", viaIntermediate: false)],
                                         ocspURL: nil))
        #expect(pki.leaf(for: "a.test")!.certificate.isIssued(by: pki.intermediate!.certificate))
        #expect(pki.leaf(for: "b.test")!.certificate.isIssued(by: pki.root.certificate))
        #expect(pki.leaf(for: "b.test")!.chain.isEmpty)
    }
}

import Foundation
@testable import StaplePKI

/// A PKI with a responder and a verifier, for OCSP tests.
struct OCSPFixture {
    let pki: TestPKI
    let responder: OCSPResponder
    let verifier: OCSPVerifier
    let now: Double = Date().timeIntervalSince1970
    var leaf: IssuedCertificate { pki.leaves[0].identity }
    var issuer: Certificate { pki.issuingCA.certificate }

    init(delegated: Bool = false, intermediate: Bool = true,
         status: @escaping @Sendable (String, String) -> CertStatus = { _, host in
             host.hasPrefix("revoked") ? .revoked(time: 1_700_000_000, reason: .keyCompromise) : .good
         }) throws {
        pki = try TestPKI.make(.init(sites: [.init(host: "example.com"), .init(host: "revoked.test")],
                                     ocspURL: "http://ocsp.ca.test/", intermediate: intermediate,
                                     delegatedSigner: delegated))
        responder = OCSPResponder(authorities: pki.authorities(), status: status)
        verifier = OCSPVerifier(trust: try pki.trustStore(), skew: 300)
    }

    func request(for host: String = "example.com", nonce: Bool = false) throws -> OCSPRequest {
        try OCSPRequest(certificate: pki.leaf(for: host)!.certificate, issuer: issuer, nonce: nonce)
    }

    func response(for host: String = "example.com", nonce: Bool = false, at time: Double? = nil,
                  validity: Double? = 3600) throws -> OCSPResponder.Result {
        responder.respond(to: try request(for: host, nonce: nonce).der(),
                          timing: .init(now: time ?? now, validity: validity))
    }

    func verify(_ der: [UInt8], host: String = "example.com", request: OCSPRequest? = nil,
                at time: Double? = nil) -> OCSPVerdict {
        verifier.verify(der, certificate: pki.leaf(for: host)!.certificate, issuer: issuer,
                        request: request, now: time ?? now)
    }
}

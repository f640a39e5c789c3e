import Foundation
import Testing
@testable import StaplePKI

/// A DER object followed by anything else is not that object: certificates, OCSP requests
/// and OCSP responses with trailing bytes are refused.
@Suite struct DERTrailingBytesTests {
    @Test func aCertificateWithTrailingBytesIsRefused() throws {
        let der = try CertificateAuthority.root().certificate.der()
        #expect(try Certificate(der: der).serialHex.count > 0)
        #expect(throws: OpenSSLError.self) { try Certificate(der: der + [0x00]) }
    }

    @Test func anOCSPRequestWithTrailingBytesIsRefused() throws {
        let f = try OCSPFixture()
        let der = try f.request().der()
        #expect(throws: OCSPRequest.ParseError.notAnOCSPRequest(byteCount: der.count + 2)) {
            try OCSPRequest(der: der + [0x05, 0x00])
        }
    }

    @Test func anOCSPResponseWithTrailingBytesIsMalformed() throws {
        let f = try OCSPFixture()
        let der = try f.response().der
        guard case .good = f.verify(der) else { Issue.record("\(f.verify(der))"); return }
        #expect(f.verify(der + [0x00]) == .rejected(.malformed))
    }
}

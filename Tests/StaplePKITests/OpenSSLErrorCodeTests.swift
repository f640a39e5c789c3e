import Testing
@testable import StaplePKI

/// An `OpenSSLError` keeps each queue entry's packed code next to its text, so callers decide
/// by library and reason, not by searching the text.
@Suite struct OpenSSLErrorCodeTests {
    @Test func aDecodingFailureKeepsTheASN1LibraryAndReasonCodes() throws {
        do {
            _ = try Certificate(der: [0x30, 0x03, 0x02, 0x01])
            Issue.record("a truncated certificate decoded")
        } catch {
            #expect(error.operation == "d2i_X509")
            #expect(error.codes.count == error.reasons.count)
            #expect(error.codes.contains { OpenSSLError.library(of: $0) == 13 }, "ERR_LIB_ASN1: \(error)")
            #expect(error.codes.allSatisfy { OpenSSLError.reason(of: $0) > 0 }, "\(error)")
        }
    }

    @Test func anErrorMadeInSwiftHasNoCodes() {
        #expect(OpenSSLError("issueLeaf", reasons: ["a leaf certificate needs at least one hostname"]).codes.isEmpty)
    }
}

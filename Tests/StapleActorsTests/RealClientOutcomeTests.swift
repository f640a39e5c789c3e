import Testing
@testable import StapleActors

/// A real program's outcome, read from its exit code and its own messages.
@Suite struct RealClientOutcomeTests {
    @Test func curlGoodStaple() {
        let output = "* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n* SSL certificate status: good (0)\nhttp_code=200\n"
        let outcome = RealClientOutcome.read(.curl, code: 0, output: output)
        #expect(outcome == RealClientOutcome(outcome: .connected, stapled: true, status: "good", error: "", version: .tls13))
    }

    @Test func curlRevokedStapleAndMissingStapleAreHardFailsSayingWhy() {
        let revoked = RealClientOutcome.read(.curl, code: 91,
                                             output: "* SSL connection using TLSv1.2 / ECDHE\ncurl: (91) SSL certificate revocation reason: keyCompromise\n")
        #expect(revoked == RealClientOutcome(outcome: .hardFail, stapled: true, status: "revoked",
                                             error: "curl: (91) SSL certificate revocation reason: keyCompromise", version: .tls12))
        let missing = RealClientOutcome.read(.curl, code: 91, output: "curl: (91) No OCSP response received\n")
        #expect(missing.outcome == .hardFail && !missing.stapled && missing.status == "none")
    }

    @Test func curlTimeoutIsAnError() {
        let outcome = RealClientOutcome.read(.curl, code: 28, output: "curl: (28) Operation timed out after 2001 milliseconds\n")
        #expect(outcome.outcome == .error && outcome.error == "curl: (28) Operation timed out after 2001 milliseconds")
    }

    @Test func gnutlsTrustedAndRevoked() {
        let good = RealClientOutcome.read(.gnutls, code: 0, output: "- Status: The certificate is trusted. \n- Version: TLS1.3\n")
        #expect(good.outcome == .connected && good.status == "good" && good.version == .tls13)
        let revoked = RealClientOutcome.read(.gnutls, code: 1,
                                             output: "- Status: The certificate is NOT trusted. The certificate chain is revoked. \n*** PKI verification of server certificate failed...\n")
        #expect(revoked.outcome == .hardFail && revoked.status == "revoked")
        #expect(revoked.error == "*** PKI verification of server certificate failed...")
    }
}

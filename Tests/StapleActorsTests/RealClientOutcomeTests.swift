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
        // gnutls-cli 3.7.9's own lines (stdout and stderr together).
        let good = RealClientOutcome.read(.gnutls, code: 0, output: """
            - Status: The certificate is trusted. \n\
            - Description: (TLS1.3-X.509)-(ECDHE-SECP256R1)-(ECDSA-SECP256R1-SHA256)-(AES-256-GCM)
            - Options: OCSP status request,
            - Handshake was completed
            """)
        #expect(good == RealClientOutcome(outcome: .connected, stapled: true, status: "good", error: "", version: .tls13))
        let stapledRevoked = RealClientOutcome.read(.gnutls, code: 1, output: """
            |<1>| The certificate was revoked via OCSP
            *** Fatal error: Error in the certificate.
            - Status: The certificate is NOT trusted. The certificate chain is revoked. \n\
            *** PKI verification of server certificate failed...
            """)
        #expect(stapledRevoked == RealClientOutcome(outcome: .hardFail, stapled: true, status: "revoked",
                                                    error: "*** PKI verification of server certificate failed...", version: nil))
        // Its own check (--ocsp, no staple): trusted by the chain first, then revoked by the responder.
        let fetchedRevoked = RealClientOutcome.read(.gnutls, code: 1, output: """
            Connecting to OCSP server: ocsp.ca.test...
            - Status: The certificate is trusted. \n\
            *** Certificate was revoked at Tue Dec  1 16:56:31 2026
            *** Verifying (with OCSP) server certificate chain failed...
            """)
        #expect(fetchedRevoked == RealClientOutcome(outcome: .hardFail, stapled: false, status: "revoked",
                                                    error: "*** Verifying (with OCSP) server certificate chain failed...",
                                                    version: nil))
    }

    @Test func chromiumPageAndRefusal() {
        let page = RealClientOutcome.read(.chromium, code: 0, output: "<html><head></head><body><pre>hello</pre></body></html>\n")
        #expect(page.outcome == .connected && page.status == "good")
        let revoked = RealClientOutcome.read(.chromium, code: 0, output: """
            [1:2:1202/170404.776723:ERROR:net/socket/ssl_client_socket_impl.cc:949] handshake failed; returned -1, SSL error code 1, net_error -206
            [3:3:1202/170404.900192:ERROR:components/headless/command_handler/headless_command_handler.cc:403] Page load failed: net::ERR_CERT_REVOKED
            """)
        #expect(revoked == RealClientOutcome(outcome: .hardFail, stapled: false, status: "revoked",
                                             error: "net::ERR_CERT_REVOKED", version: nil))
        let refused = RealClientOutcome.read(.chromium, code: 0, output: "... Page load failed: net::ERR_CONNECTION_REFUSED\n")
        #expect(refused.outcome == .error && refused.error == "net::ERR_CONNECTION_REFUSED")
    }
}

import StapleCore
import StapleTLS

/// How one run of a real program ended, read from its exit status and its own messages.
struct RealClientOutcome: Hashable, Sendable {
    /// connected, hard-fail (refused because of the certificate status) or error.
    var outcome: HandshakeRecord.Outcome
    /// Whether the program reported a staple.
    var stapled: Bool
    /// The status the program settled on (`good`, `revoked`, `none`, `unverified`, …).
    var status: String
    /// What went wrong, in the program's words.
    var error: String
    /// The TLS version it reported.
    var version: TLSVersion?

    /// The status of a browser that asked the responder, got nothing back through its door, and
    /// loaded the page anyway (soft-fail). A built-in client names the cause (`unreachable:timeout`,
    /// `unreachable:refused` …); from outside the program only the missing answer is certain.
    static let unansweredStatus = "unreachable:no-answer"

    /// The outcome of a program killed at the harness's timeout.
    static func timedOut(_ program: RealClientProgram, after seconds: Double) -> RealClientOutcome {
        RealClientOutcome(outcome: .error, stapled: false, status: "none",
                          error: "\(program.executable) did not finish within \(seconds)s (killed)", version: nil)
    }

    /// Reads `program`'s exit `code` and output (standard output and error together).
    static func read(_ program: RealClientProgram, code: Int32, output: String) -> RealClientOutcome {
        switch program {
        case .curl: curl(code: code, output: output)
        case .gnutls: gnutls(code: code, output: output)
        case .chromium: chromium(code: code, output: output)
        // Firefox's outcome is Marionette's answer to the navigation (see RealClient), not its output.
        case .firefox: RealClientOutcome(outcome: code == 0 ? .connected : .error, stapled: false, status: "none",
                                         error: code == 0 ? "" : "firefox-esr exit code \(code)", version: nil)
        }
    }

    /// curl -v --cert-status: exit 0 with an HTTP status, or 91 (CURLE_SSL_INVALIDCERTSTATUS) with its reason.
    static func curl(code: Int32, output: String) -> RealClientOutcome {
        let version = tlsVersion(in: output, marker: "SSL connection using ")
        let stapledGood = output.contains("SSL certificate status: good")
        let failure = lastLine(in: output, startingWith: "curl: (") ?? ""
        switch code {
        case 0:
            let http = line(in: output, startingWith: "http_code=").map { String($0.dropFirst("http_code=".count)) } ?? ""
            let answered = !http.isEmpty && http != "000"
            return RealClientOutcome(outcome: answered ? .connected : .error, stapled: stapledGood,
                                     status: stapledGood ? "good" : "none",
                                     error: answered ? "" : "no HTTP response", version: version)
        case 91:
            if output.contains("SSL certificate revocation reason") || output.contains("SSL certificate status: revoked") {
                return RealClientOutcome(outcome: .hardFail, stapled: true, status: "revoked", error: failure, version: version)
            }
            if output.contains("No OCSP response received") {
                return RealClientOutcome(outcome: .hardFail, stapled: false, status: "none", error: failure, version: version)
            }
            if output.contains("SSL certificate status: unknown") {
                return RealClientOutcome(outcome: .hardFail, stapled: true, status: "unknown", error: failure, version: version)
            }
            return RealClientOutcome(outcome: .hardFail, stapled: true, status: "unverified", error: failure, version: version)
        default:
            return RealClientOutcome(outcome: .error, stapled: false, status: "none",
                                     error: failure.isEmpty ? "curl exit code \(code)" : failure, version: version)
        }
    }

    /// gnutls-cli [--ocsp]: `- Status: The certificate is trusted.` and exit 0, or a refusal naming why.
    static func gnutls(code: Int32, output: String) -> RealClientOutcome {
        let version = tlsVersion(in: output, marker: "- Description: (")
        // A completed handshake lists "- Options: OCSP status request," when the server stapled;
        // a revoked staple fails the certificate check itself ("The certificate chain is revoked",
        // "revoked via OCSP"), while its own check (--ocsp) says "*** Certificate was revoked at …".
        let stapled = output.contains("- Options: OCSP status request") || output.contains("The certificate chain is revoked")
            || output.contains("The certificate was revoked via OCSP")
        let trusted = output.contains("- Status: The certificate is trusted.")
        let revoked = output.lowercased().contains("revoked")
        let failure = lastLine(in: output, startingWith: "*** ") ?? lastLine(in: output, startingWith: "- Status: ") ?? ""
        if code == 0 && trusted {
            return RealClientOutcome(outcome: .connected, stapled: stapled, status: "good", error: "", version: version)
        }
        if revoked {
            return RealClientOutcome(outcome: .hardFail, stapled: stapled, status: "revoked", error: failure, version: version)
        }
        if output.contains("The certificate is NOT trusted") || output.contains("verification of server certificate failed") {
            return RealClientOutcome(outcome: .hardFail, stapled: stapled, status: "unverified", error: failure, version: version)
        }
        return RealClientOutcome(outcome: .error, stapled: stapled, status: "none",
                                 error: failure.isEmpty ? "gnutls-cli exit code \(code)" : failure, version: version)
    }

    /// Chromium --headless --dump-dom: the page's DOM, or `Page load failed: net::ERR_…`. It
    /// does not say whether a staple came (``RealClient`` reads that from the server's events).
    static func chromium(code: Int32, output: String) -> RealClientOutcome {
        guard let failed = lines(output).last(where: { $0.contains("Page load failed: ") }) else {
            let loaded = code == 0 && output.contains("<html")
            return RealClientOutcome(outcome: loaded ? .connected : .error, stapled: false, status: loaded ? "good" : "none",
                                     error: loaded ? "" : "chromium exit code \(code) without a page", version: nil)
        }
        let reason = failed.range(of: "net::").map { String(failed[$0.lowerBound...].prefix(80)) } ?? String(failed.suffix(80))
        if reason.hasPrefix("net::ERR_CERT_REVOKED") {
            return RealClientOutcome(outcome: .hardFail, stapled: false, status: "revoked", error: reason, version: nil)
        }
        if reason.hasPrefix("net::ERR_CERT_") {
            return RealClientOutcome(outcome: .hardFail, stapled: false, status: "unverified", error: reason, version: nil)
        }
        return RealClientOutcome(outcome: .error, stapled: false, status: "none", error: reason, version: nil)
    }

    private static func lines(_ output: String) -> [Substring] {
        output.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
    }

    private static func line(in output: String, startingWith prefix: String) -> Substring? {
        lines(output).first { $0.hasPrefix(prefix) }
    }

    private static func lastLine(in output: String, startingWith prefix: String) -> String? {
        lines(output).last { $0.hasPrefix(prefix) }.map { String($0.prefix(300)) }
    }

    /// `TLSv1.3` / `TLS1.3` after `marker` on some line.
    private static func tlsVersion(in output: String, marker: String) -> TLSVersion? {
        for line in lines(output) {
            guard let range = line.range(of: marker) else { continue }
            let rest = line[range.upperBound...]
            if rest.hasPrefix("TLSv1.3") || rest.hasPrefix("TLS1.3") { return .tls13 }
            if rest.hasPrefix("TLSv1.2") || rest.hasPrefix("TLS1.2") { return .tls12 }
        }
        return nil
    }
}

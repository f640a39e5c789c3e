import Foundation
import Testing
import StapleCore
import StapleTestSupport
@testable import StapleActors

/// The Firefox profiles' values against the real Firefox ESR installed here: its default prefs,
/// read over Marionette in chrome context from a fresh profile (headless, no network use).
@Suite struct FirefoxPrefsTests {
    static let enabled = ProcessInfo.processInfo.environment["STAPLEBENCH_BROWSER_TESTS"] == "1"
        && RealClientProgram.firefox.locate() != nil

    /// Each pref with the value the profiles rely on (see `RevocationProfile.provenance(of:)`).
    static let expected: [String: String] = [
        "security.OCSP.enabled": "1",                       // firefox: online_ocsp
        "security.OCSP.require": "false",                   // firefox: fail soft
        "security.OCSP.timeoutMilliseconds.soft": "2000",   // firefox: timeout 2 s
        "security.OCSP.timeoutMilliseconds.hard": "10000",  // firefox-strict: timeout 10 s
        "security.OCSP.GET.enabled": "missing",             // gone (old Firefox: false); POST is checked by RealClientRunTests
        "security.ssl.enable_ocsp_must_staple": "true",     // must_staple enforce
        "security.pki.cert_short_lifetime_in_days": "10",   // short_lived_threshold 10 days
        "security.pki.crlite_mode": "2",                    // firefox-public: no live OCSP, CRLite
    ]

    @Test(.enabled(if: enabled, "set STAPLEBENCH_BROWSER_TESTS=1 (.ci/run does, in a step of its own); needs firefox-esr"))
    func theFirefoxProfilesMatchFirefoxESRsDefaultPrefs() async throws {
        // The profiles first: the values the prefs below back.
        #expect(RevocationProfile.firefox.onlineOCSP && RevocationProfile.firefox.failMode == .soft)
        #expect(RevocationProfile.firefox.timeout == .seconds(2) && RevocationProfile.firefoxStrict.timeout == .seconds(10))
        #expect(RevocationProfile.firefox.method == .post && RevocationProfile.firefox.mustStaple == .enforce)
        #expect(RevocationProfile.firefox.shortLivedThreshold == .seconds(10 * 86_400))
        #expect(!RevocationProfile.firefoxPublic.onlineOCSP && RevocationProfile.firefoxPublic.fallback == .none)

        let program = try #require(RealClientProgram.firefox.locate())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("staplebench-ffprefs-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
            user_pref("marionette.port", 0);
            user_pref("browser.shell.checkDefaultBrowser", false);
            user_pref("app.update.enabled", false);
            user_pref("datareporting.policy.dataSubmissionEnabled", false);
            """.write(toFile: folder + "/user.js", atomically: true, encoding: .utf8)
        let process = try ExternalProcess.spawn(
            program, arguments: ["--headless", "--marionette", "--remote-allow-system-access", "--no-remote",
                                 "--profile", folder, "about:blank"],
            environment: ProcessInfo.processInfo.environment.merging(["HOME": folder]) { $1 },
            outputPath: folder + "/firefox.log", diesWithParent: true)
        defer {
            process.killGroup()
            _ = process.reapBlocking()
        }
        // Marionette writes the port it chose (port 0) into the profile once it listens.
        let deadline = Instant.now().adding(seconds: 60)
        var port: Int?
        while port == nil, Instant.now() < deadline, process.isRunning {
            port = (try? String(contentsOfFile: folder + "/MarionetteActivePort", encoding: .utf8))
                .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if port == nil { try await Task.sleep(nanoseconds: 50_000_000) }
        }
        let marionette = try RealClientMarionette.connect(port: try #require(port, "Marionette never listened"),
                                                          deadline: deadline)
        _ = try marionette.command("WebDriver:NewSession", [:])
        if case .error(let code, let message) = try marionette.command("Marionette:SetContext", ["value": "chrome"]) {
            Issue.record("no chrome context (\(code): \(message)); --remote-allow-system-access is needed")
            return
        }
        let names = Self.expected.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
        let reply = try marionette.command("WebDriver:ExecuteScript", ["args": [], "script": """
            const out = {};
            for (const name of [\(names)]) {
              const type = Services.prefs.getPrefType(name);
              out[name] = type == Services.prefs.PREF_INT ? String(Services.prefs.getIntPref(name))
                        : type == Services.prefs.PREF_BOOL ? String(Services.prefs.getBoolPref(name)) : "missing";
            }
            out["version"] = Services.appinfo.version;
            return JSON.stringify(out);
            """])
        _ = try? marionette.command("Marionette:Quit", [:])
        guard case .value(let json) = reply else {
            Issue.record("the script failed: \(reply)")
            return
        }
        let prefs = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        print("firefox-esr \(prefs["version"] ?? "?") prefs: \(prefs)")
        for (name, value) in Self.expected {
            #expect(prefs[name] == value, "\(name): Firefox \(prefs["version"] ?? "?") has \(prefs[name] ?? "nothing"), the profiles assume \(value)")
        }
    }
}

/// How a client checks a certificate's revocation status: a named browser-like profile
/// with any overrides a scenario applies.
///
/// The compared mode (`none`, `classic`, `stapled`) decides what the client is asked to
/// do in a run; the profile decides how it does it: how long it waits for the responder,
/// what happens when it gets no answer, whether it insists on a staple, and so on.
///
/// | profile          | fail | timeout | method | check | must-staple | fallback | online OCSP |
/// | ---------------- | ---- | ------- | ------ | ----- | ----------- | -------- | ----------- |
/// | `firefox`        | soft | 2 s     | POST   | leaf  | enforce     | classic  | yes         |
/// | `firefox-strict` | hard | 10 s    | POST   | leaf  | enforce     | classic  | yes         |
/// | `firefox-public` | soft | 2 s     | POST   | leaf  | enforce     | none     | no          |
/// | `chrome`         | soft | 2 s     | GET    | leaf  | ignore      | none     | no          |
/// | `strict`         | hard | 10 s    | POST   | chain | enforce     | classic  | yes         |
///
/// Every profile keeps a per-client OCSP cache (`cache`) that honours `nextUpdate` and
/// `Cache-Control: max-age`. Which real client each stands for, and where each value comes
/// from: ``provenance(of:)``.
public struct RevocationProfile: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The named profiles a scenario can start from.
    public enum Name: String, Hashable, Sendable, Codable, CaseIterable {
        /// Firefox (ESR 153) for a certificate under a root the user added: live OCSP, soft-fail,
        /// 2 s timeout, POST, enforces must-staple, leaf only.
        case firefox
        /// Firefox with `security.OCSP.require`: hard-fail with a 10 s timeout.
        case firefoxStrict = "firefox-strict"
        /// Firefox for a publicly trusted certificate: CRLite (a pushed set) instead of live
        /// OCSP, no online check, short-lived certificates skipped, must-staple enforced.
        case firefoxPublic = "firefox-public"
        /// Chrome: no online OCSP at all; a staple is used if one arrives, must-staple is ignored.
        case chrome
        /// A strict checker: hard-fail, 10 s timeout, every certificate of the chain.
        case strict
    }

    /// What the client does when it cannot establish the status (timeout, error, tryLater).
    public enum FailMode: String, Hashable, Sendable, Codable, CaseIterable {
        /// Carry on and connect (most browsers).
        case soft
        /// Refuse the connection.
        case hard
    }

    /// How the client sends an OCSP request over HTTP (RFC 6960 Appendix A).
    public enum Method: String, Hashable, Sendable, Codable, CaseIterable {
        /// `POST` with an `application/ocsp-request` body.
        case post
        /// `GET` with the base64 request in the path (RFC 5019), cacheable by proxies.
        case get
    }

    /// Which certificates the client checks.
    public enum ChainCheck: String, Hashable, Sendable, Codable, CaseIterable {
        /// The leaf only.
        case leaf
        /// Every certificate below the root (leaf and intermediates): one OCSP exchange each.
        case chain
    }

    /// What the client does with the RFC 7633 TLS feature (must-staple) in a certificate.
    public enum MustStaple: String, Hashable, Sendable, Codable, CaseIterable {
        /// A must-staple certificate without a staple is a hard failure.
        case enforce
        /// The extension is ignored.
        case ignore
    }

    /// What the client does in stapled mode when the server sends no staple.
    public enum Fallback: String, Hashable, Sendable, Codable, CaseIterable {
        /// Ask the responder itself, as in classic mode.
        case classic
        /// Do not check at all (treat as soft- or hard-fail per `failMode`).
        case none
    }

    /// The named profile this one started from.
    public var base: Name
    /// Soft- or hard-fail.
    public var failMode: FailMode
    /// How long the client waits for an OCSP response before failing (soft or hard).
    public var timeout: Delay
    /// POST or GET.
    public var method: Method
    /// Leaf only or the whole chain.
    public var check: ChainCheck
    /// Enforce or ignore must-staple.
    public var mustStaple: MustStaple
    /// What to do without a staple in stapled mode.
    public var fallback: Fallback
    /// Whether the client keeps fetched responses until `nextUpdate` / `max-age`.
    public var cache: Bool
    /// Whether the client ever asks a responder itself (false for Chrome).
    public var onlineOCSP: Bool
    /// In `short-lived` mode, the longest certificate lifetime (notAfter − notBefore) the
    /// client accepts with no revocation check at all. Firefox: 10 days
    /// (`security.pki.cert_short_lifetime_in_days`, default 10); `strict`: 0 (it always checks).
    public var shortLivedThreshold: Delay

    /// Firefox's short-lived threshold: 10 days.
    public static let firefoxShortLivedThreshold = Delay.seconds(10 * 86_400)

    /// A profile with every setting given.
    public init(base: Name, failMode: FailMode, timeout: Delay, method: Method, check: ChainCheck,
                mustStaple: MustStaple, fallback: Fallback, cache: Bool, onlineOCSP: Bool,
                shortLivedThreshold: Delay = RevocationProfile.firefoxShortLivedThreshold) {
        self.base = base
        self.failMode = failMode
        self.timeout = timeout
        self.method = method
        self.check = check
        self.mustStaple = mustStaple
        self.fallback = fallback
        self.cache = cache
        self.onlineOCSP = onlineOCSP
        self.shortLivedThreshold = shortLivedThreshold
    }

    /// The documented defaults of a named profile.
    public init(_ name: Name) {
        switch name {
        case .firefox:
            self.init(base: .firefox, failMode: .soft, timeout: .seconds(2), method: .post, check: .leaf,
                      mustStaple: .enforce, fallback: .classic, cache: true, onlineOCSP: true)
        case .firefoxStrict:
            self.init(base: .firefoxStrict, failMode: .hard, timeout: .seconds(10), method: .post, check: .leaf,
                      mustStaple: .enforce, fallback: .classic, cache: true, onlineOCSP: true)
        case .firefoxPublic:
            self.init(base: .firefoxPublic, failMode: .soft, timeout: .seconds(2), method: .post, check: .leaf,
                      mustStaple: .enforce, fallback: .none, cache: true, onlineOCSP: false)
        case .chrome:
            self.init(base: .chrome, failMode: .soft, timeout: .seconds(2), method: .get, check: .leaf,
                      mustStaple: .ignore, fallback: .none, cache: true, onlineOCSP: false)
        case .strict:
            self.init(base: .strict, failMode: .hard, timeout: .seconds(10), method: .post, check: .chain,
                      mustStaple: .enforce, fallback: .classic, cache: true, onlineOCSP: true, shortLivedThreshold: .zero)
        }
    }

    /// Firefox's defaults.
    public static let firefox = RevocationProfile(.firefox)
    /// Firefox with hard-fail.
    public static let firefoxStrict = RevocationProfile(.firefoxStrict)
    /// Firefox for publicly trusted certificates (CRLite, no online OCSP).
    public static let firefoxPublic = RevocationProfile(.firefoxPublic)
    /// Chrome (no online OCSP).
    public static let chrome = RevocationProfile(.chrome)
    /// Hard-fail, whole chain.
    public static let strict = RevocationProfile(.strict)

    /// `firefox(fail=soft, timeout=2s, …)`, for logs.
    public var description: String {
        "\(base.rawValue)(" + settings.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
    }
}

extension RevocationProfile {
    /// Which real client a named profile stands for, and where each of its values comes from.
    public struct Provenance: Hashable, Sendable {
        /// The real client and version, and the certificates the profile is about.
        public var standsFor: String
        /// One entry per setting of ``RevocationProfile/settings``, in that order, then
        /// `revocation_data`: what the real client relies on beyond a live check.
        public var values: [Source]
    }

    /// One value of a profile and its source.
    public struct Source: Hashable, Sendable {
        /// The scenario key (`fail`, `timeout`, …) or `revocation_data`.
        public var setting: String
        /// The profile's value, as a scenario writes it.
        public var value: String
        /// Where it comes from: the real client's setting and its default, the source file
        /// (repository, path, commit), and what was checked against the real program here.
        public var source: String
    }

    /// The settings a scenario can override, with this profile's values, in `description`'s order.
    public var settings: [(key: String, value: String)] {
        [("fail", failMode.rawValue), ("timeout", "\(timeout)"), ("method", method.rawValue), ("check", check.rawValue),
         ("must_staple", mustStaple.rawValue), ("fallback", fallback.rawValue), ("cache", "\(cache)"),
         ("online_ocsp", "\(onlineOCSP)"), ("short_lived_threshold", "\(shortLivedThreshold)")]
    }

    /// The short names the sources use, with what each stands for in full (printed once, after the profiles).
    public static let references: [(label: String, full: String)] = [
        (firefoxPrefs, "Firefox modules/libpref/init/StaticPrefList.yaml, github CSharperMantle/mozilla-firefox-dev "
            + "@1cea5b89b16660c8216a0da681b8ded551905934 (the defaults of every pref named)"),
        (firefoxChecked, "the pref read from firefox-esr 153.8.0 on this machine: a fresh profile, headless, Marionette "
            + "in chrome context (Services.prefs; Tests/StapleActorsTests/FirefoxPrefsTests.swift, "
            + "STAPLEBENCH_BROWSER_TESTS=1), 2026-12-02; every value matched StaticPrefList.yaml"),
        (chromeConfig, "Chromium net/cert/cert_verifier.h, CertVerifier::Config, github chromium/chromium "
            + "@07c3f0eead1f692cfecd65a874a8e3a11d3ff923"),
        (chromeCRLSet, "Chromium net/cert/crl_set.h, github chromium/chromium @1a4f344c5089c67994178495c48c1eba84d37c6e"),
        (realClientTests, "Tests/StapleEngineTests/RealClientRunTests.swift, run against the real program here "
            + "(STAPLEBENCH_BROWSER_TESTS=1 for the browsers)"),
    ]

    static let firefoxPrefs = "StaticPrefList.yaml"
    static let firefoxChecked = "checked: firefox-esr 153.8.0"
    static let chromeConfig = "cert_verifier.h"
    static let chromeCRLSet = "crl_set.h"
    static let realClientTests = "RealClientRunTests"

    /// Which real client `name` stands for and the source of each value of its defaults.
    public static func provenance(of name: Name) -> Provenance {
        let profile = RevocationProfile(name)
        let ff = firefoxPrefs, checked = firefoxChecked
        let sources: [String]
        let data: (value: String, source: String)
        let standsFor: String
        switch name {
        case .firefox, .firefoxStrict:
            let strict = name == .firefoxStrict
            standsFor = strict
                ? "Firefox (ESR 153) with security.OCSP.require = true, for a certificate under a root the user added"
                : "Firefox (ESR 153.8 and release) for a certificate under a root the user added (outside Mozilla's root "
                    + "store, so CRLite does not cover it and Firefox asks the responder)"
            sources = [
                strict ? "security.OCSP.require = true (default false, \(ff)): hard-fail"
                    : "security.OCSP.require = false (\(ff); \(checked)): soft-fail",
                strict ? "security.OCSP.timeoutMilliseconds.hard = 10000 (\(ff); \(checked))"
                    : "security.OCSP.timeoutMilliseconds.soft = 2000 in release and ESR, 1000 in Nightly (\(ff); \(checked))",
                "POST: real Firefox ESR's request per cold handshake is a POST (\(realClientTests)); the "
                    + "security.OCSP.GET.enabled pref of older versions (default false) no longer exists (\(checked))",
                "OCSP for the end-entity certificate only (intermediates through OneCRL); one POST per cold handshake over "
                    + "root → intermediate → leaf (\(realClientTests): firefoxAsksTheResponderOncePerColdHandshake…)",
                "security.ssl.enable_ocsp_must_staple = true (\(ff); \(checked))",
                "security.OCSP.enabled = 1: fetch OCSP for DV and EV certificates (\(ff); \(checked)); no staple: "
                    + "a POST from Firefox's own address (\(realClientTests))",
                "Firefox keeps fetched OCSP answers in memory until nextUpdate (security/certverifier/OCSPCache); "
                    + "not checked here (every real-browser visit is a fresh profile)",
                "security.OCSP.enabled = 1 (\(ff); \(checked))",
                "security.pki.cert_short_lifetime_in_days = 10 (\(ff); \(checked))",
            ]
            data = ("live OCSP", "security.pki.crlite_mode = 2 enforces CRLite only for certificates chaining to Mozilla's "
                    + "root store (\(ff)); a user-added root is not covered")
        case .firefoxPublic:
            standsFor = "Firefox (release and ESR 153) for a publicly trusted DV certificate (chaining to Mozilla's root store)"
            sources = [
                "security.OCSP.require = false (\(ff); \(checked)); moot: nothing is fetched",
                "security.OCSP.timeoutMilliseconds.soft = 2000 (\(ff); \(checked)); moot: nothing is fetched",
                "as firefox (POST); moot: nothing is fetched",
                "CRLite covers end-entity certificates (intermediates: OneCRL)",
                "security.ssl.enable_ocsp_must_staple = true (\(ff); \(checked))",
                "security.pki.crlite_mode = 2: 'Firefox will not fetch OCSP for DV certificates that chain to the Mozilla "
                    + "root store unless security.OCSP.require is true' (\(ff); \(checked))",
                "as firefox (an OCSP cache exists; nothing is fetched into it)",
                "security.pki.crlite_mode = 2 (\(ff); \(checked)): no live OCSP for DV certificates; EV ones still fetch "
                    + "(not modelled: the test PKI issues no EV certificates)",
                "security.pki.cert_short_lifetime_in_days = 10 (\(ff); \(checked))",
            ]
            data = ("pushed set (CRLite)", "security.pki.crlite_mode = 2, security.pki.crlite_channel = \"default\" "
                    + "(every revocation; \"compat\", priority revocations only, on Android) (\(ff); \(checked)); "
                    + "mode `pushed` is its CRLite: an exact sorted set, not CRLite's clubcard/Bloom cascade")
        case .chrome:
            standsFor = "Chrome and Chromium (156) for any certificate: no online revocation check, a pushed CRLSet"
            sources = [
                "moot: revocation checking is soft-fail when an enterprise enables it (\(chromeConfig))",
                "moot: nothing is fetched",
                "moot: nothing is fetched",
                "a CRLSet lists leaves and intermediates (\(chromeConfig): crl_set 'whether leaves or intermediates')",
                "ignored: no RFC 7633 (TLS feature) check was found in Chromium's verifier; not checked here",
                "no fallback: enable_rev_checking = false (\(chromeConfig))",
                "moot: nothing is fetched",
                "enable_rev_checking = false, require_rev_checking_local_anchors = false (\(chromeConfig); policy "
                    + "EnableOnlineRevocationChecks off); Chromium 156 in classic accepts revoked.example and asks no "
                    + "responder, a revoked staple it refuses (\(realClientTests): chromiumRefusesARevokedStaple…)",
                "no short-lived setting in Chrome; moot: it checks nothing online for any lifetime",
            ]
            data = ("pushed set (CRLSet, a subset)", "'lists the serial numbers of revoked certificates from a number of "
                    + "issuers'; UNKNOWN (accepted) when the issuer's CRL is not in the set (\(chromeCRLSet)); mode `pushed` "
                    + "covers every certificate of the run's CA, as for an issuer CRLSets include")
        case .strict:
            standsFor = "no single browser: a strict checker such as gnutls-cli --ocsp (whole chain) or an enterprise client"
            sources = [
                "a strict checker refuses without a status", "Firefox's hard timeout (10000 ms)", "RFC 6960 POST",
                "gnutls-cli --ocsp asks for the leaf and the intermediate (\(realClientTests))",
                "enforced (RFC 7633)", "asks the responder", "as every profile", "yes",
                "0: it always checks, whatever the lifetime",
            ]
            data = ("live OCSP, every certificate of the chain", "as gnutls-cli")
        }
        let values = zip(profile.settings, sources).map { Source(setting: $0.key, value: $0.value, source: $1) }
            + [Source(setting: "revocation_data", value: data.value, source: data.source)]
        return Provenance(standsFor: standsFor, values: values)
    }
}

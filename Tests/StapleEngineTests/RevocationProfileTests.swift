import StapleCore
import Testing

@Suite struct RevocationProfileTests {
    @Test func firefoxIsSoftFailTwoSecondsPostLeafEnforcing() {
        let p = RevocationProfile.firefox
        #expect(p.base == .firefox)
        #expect(p.failMode == .soft)
        #expect(p.timeout == .seconds(2))
        #expect(p.method == .post)
        #expect(p.check == .leaf)
        #expect(p.mustStaple == .enforce)
        #expect(p.fallback == .classic)
        #expect(p.onlineOCSP)
        #expect(p.cache)
    }

    @Test func firefoxStrictIsFirefoxWithHardFailAndTenSeconds() {
        var expected = RevocationProfile.firefox
        expected.base = .firefoxStrict
        expected.failMode = .hard
        expected.timeout = .seconds(10)
        #expect(RevocationProfile.firefoxStrict == expected)
    }

    @Test func chromeNeverAsksTheResponder() {
        let p = RevocationProfile.chrome
        #expect(p.onlineOCSP == false)
        #expect(p.fallback == .none)
        #expect(p.mustStaple == .ignore)
        #expect(p.failMode == .soft)
    }

    @Test func strictIsHardFailOverTheWholeChain() {
        let p = RevocationProfile.strict
        #expect(p.failMode == .hard)
        #expect(p.check == .chain)
        #expect(p.timeout == .seconds(10))
        #expect(p.onlineOCSP)
    }

    @Test func firefoxPublicChecksNothingOnlineAndSkipsShortLivedCertificates() {
        let p = RevocationProfile.firefoxPublic
        #expect(p.base == .firefoxPublic)
        #expect(p.onlineOCSP == false)
        #expect(p.fallback == .none)
        #expect(p.mustStaple == .enforce, "security.ssl.enable_ocsp_must_staple stays true")
        #expect(p.shortLivedThreshold == .seconds(10 * 86_400))
        #expect(p.classicAction(mustStapleCertificate: false) == .skip)
        #expect(p.classicAction(mustStapleCertificate: true) == .reject)
        #expect(p.withoutStaple(mustStapleCertificate: false) == .skip)
        #expect(p.withoutStaple(mustStapleCertificate: true) == .reject)
        #expect(p.description == "firefox-public(fail=soft, timeout=2s, method=post, check=leaf, must_staple=enforce, "
                + "fallback=none, cache=true, online_ocsp=false, short_lived_threshold=10d)")
    }

    @Test func everyProfileSaysWhatItStandsForAndTheSourceOfEachValue() throws {
        for name in RevocationProfile.Name.allCases {
            let profile = RevocationProfile(name)
            let provenance = RevocationProfile.provenance(of: name)
            #expect(!provenance.standsFor.isEmpty, "\(name)")
            // One source per overridable setting, with the profile's own value, then the data it relies on.
            #expect(provenance.values.map(\.setting) == profile.settings.map(\.key) + ["revocation_data"], "\(name)")
            #expect(provenance.values.dropLast().map(\.value) == profile.settings.map(\.value), "\(name)")
            #expect(provenance.values.allSatisfy { !$0.source.isEmpty && !$0.value.isEmpty }, "\(name)")
            // Every short source name used is explained once.
            let labels = RevocationProfile.references.map(\.label)
            for entry in provenance.values {
                for label in ["StaticPrefList.yaml", "checked: firefox-esr", "cert_verifier.h", "crl_set.h", "RealClientRunTests"]
                    where entry.source.contains(label) {
                    #expect(labels.contains { $0.hasPrefix(label) }, "\(name) \(entry.setting): \(label)")
                }
            }
        }
        // What was read from the real Firefox ESR here stands beside the values it backs.
        let firefox = RevocationProfile.provenance(of: .firefox).values
        #expect(firefox.first { $0.setting == "timeout" }?.source.contains("timeoutMilliseconds.soft = 2000") == true)
        #expect(firefox.first { $0.setting == "short_lived_threshold" }?.source.contains("checked: firefox-esr 153.8.0") == true)
        let firefoxPublic = RevocationProfile.provenance(of: .firefoxPublic).values
        #expect(firefoxPublic.last?.value == "pushed set (CRLite)")
        #expect(firefoxPublic.first { $0.setting == "online_ocsp" }?.source.contains("security.pki.crlite_mode = 2") == true)
        let chrome = RevocationProfile.provenance(of: .chrome).values
        #expect(chrome.last?.value == "pushed set (CRLSet, a subset)")
        #expect(chrome.first { $0.setting == "online_ocsp" }?.source.contains("enable_rev_checking = false") == true)
    }

    @Test func namesAreTheOnesScenarioFilesUse() {
        #expect(RevocationProfile.Name.allCases.map(\.rawValue) == ["firefox", "firefox-strict", "firefox-public", "chrome", "strict"])
        #expect(RevocationProfile.Name.allCases.map { RevocationProfile($0).base } == RevocationProfile.Name.allCases)
    }
}

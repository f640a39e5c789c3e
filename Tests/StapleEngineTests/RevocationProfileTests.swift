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

    @Test func namesAreTheOnesScenarioFilesUse() {
        #expect(RevocationProfile.Name.allCases.map(\.rawValue) == ["firefox", "firefox-strict", "chrome", "strict"])
        #expect(RevocationProfile.Name.allCases.map { RevocationProfile($0).base } == RevocationProfile.Name.allCases)
    }
}

import Testing
@testable import StapleEngine

@Suite struct ScenarioSpellingTests {
    @Test(arguments: [("firefx", "firefox", 1), ("dealy", "delay", 1), ("kitten", "sitting", 3), ("", "abc", 3),
                      ("abc", "abc", 0), ("handshake", "handshakes", 1)])
    func editDistance(a: String, b: String, distance: Int) {
        #expect(ScenarioSpelling.editDistance(Array(a), Array(b)) == distance)
    }

    @Test func suggestsCloseNamesOnly() {
        let profiles = ["firefox", "firefox-strict", "chrome", "strict"]
        #expect(ScenarioSpelling.suggestion(for: "firefx", among: profiles) == "firefox")
        #expect(ScenarioSpelling.suggestion(for: "Chrome", among: profiles) == "chrome")
        #expect(ScenarioSpelling.suggestion(for: "firefox_strict", among: profiles) == "firefox-strict")
        #expect(ScenarioSpelling.suggestion(for: "safari", among: profiles) == nil)
        #expect(ScenarioSpelling.suggestion(for: "must-staple", among: ["must_staple", "status"]) == "must_staple")
        #expect(ScenarioSpelling.suggestion(for: "x", among: ["rtt", "delay"]) == nil)
    }
}

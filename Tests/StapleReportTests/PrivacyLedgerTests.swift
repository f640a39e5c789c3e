import StapleCore
import Testing
@testable import StapleReport

@Suite struct PrivacyLedgerTests {
    @Test func countsDuplicatesAndSortsByRoleThenName() {
        let ledger = PrivacyLedger(scenario: "s", mode: "classic", observations: Fixtures.classicObservations)
        let summary = ledger.rows.map { "\($0.observerText) \($0.hostname) \($0.clientAddress) \($0.via) \($0.count)" }
        #expect(summary == [
            "server example.com 127.0.1.1 sni 1",
            "resolver example.com 127.0.1.1 dns-query 1",
            "resolver ocsp.ca.test 127.0.1.1 dns-query 1",
            "responder bücher.example 127.0.1.2 ocsp-certid 1",
            "responder example.com 127.0.1.1 ocsp-certid 2",
            "tap:client-responder example.com 127.0.1.1 ocsp-serial 1",
            "tap:client-responder ocsp.ca.test 127.0.1.1 http-host 1",
        ])
    }

    @Test func orderDoesNotDependOnObservationOrder() {
        let forward = PrivacyLedger(scenario: "s", mode: "m", observations: Fixtures.classicObservations)
        let backward = PrivacyLedger(scenario: "s", mode: "m", observations: Fixtures.classicObservations.reversed())
        #expect(forward == backward)
    }

    @Test func observerTextNamesTapsByLink() {
        #expect(PrivacyRow.observerText(.tap("client-server")) == "tap:client-server")
        #expect(PrivacyRow.observerText(.client("Alice")) == "client")
        #expect(PrivacyRow.observerText(.responder("ocsp")) == "responder")
        #expect(PrivacyRow.observerText(.resolver()) == "resolver")
    }

    @Test func matrixShowsWhoLearnedWhatPerMode() throws {
        let text = PrivacyMatrix.render(Fixtures.ledgers, addressNames: Fixtures.addressNames)
        try Golden.check(text, "privacy-matrix.txt")
        let responder = try #require(text.split(separator: "\n").first { $0.hasPrefix("responder") })
        #expect(responder.contains("classic: bücher.example (Bob 127.0.1.2), example.com (Alice 127.0.1.1)"))
        #expect(responder.hasSuffix("stapled: example.com (server 127.0.0.3, Alice 127.0.1.1)"))
        let tap = try #require(text.split(separator: "\n").first { $0.hasPrefix("tap:client-responder") })
        #expect(tap.hasSuffix("stapled: -"))
    }

    @Test func matrixOfNothingSaysSo() {
        #expect(PrivacyMatrix.render([]) == "no party observed any hostname\n")
    }
}

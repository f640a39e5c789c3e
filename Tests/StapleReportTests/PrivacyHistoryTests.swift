import StapleCore
import Testing
@testable import StapleReport

@Suite struct PrivacyHistoryTests {
    static func visit(_ mode: String, _ client: String, _ address: String, _ site: String, warmup: Bool = false) -> HandshakeRecord {
        HandshakeRecord(scenario: "s", mode: mode, client: client, site: site, seq: 0, warmup: warmup, startedMs: 0,
                        outcome: .connected, clientAddress: address)
    }

    static func seen(_ observer: Party, _ host: String, about address: String) -> Observation {
        Observation(observer: observer, observerAddress: "127.0.0.4", hostname: host, clientAddress: address, via: .ocspCertID)
    }

    /// Alice visits a.test and b.test, Bob a.test (first visits in warm-up, as with a client cache).
    static let records: [HandshakeRecord] = ["classic", "stapled"].flatMap { mode in
        [visit(mode, "Alice", "127.0.1.1", "a.test", warmup: true), visit(mode, "Alice", "127.0.1.1", "b.test", warmup: true),
         visit(mode, "Bob", "127.0.1.2", "a.test", warmup: true), visit(mode, "Alice", "127.0.1.1", "a.test")]
    }

    static let ledgers = [
        // Under classic the responder learns every pair, all during the warm-up.
        PrivacyLedger(scenario: "s", mode: "classic", observations: [seen(.server("a.test"), "a.test", about: "127.0.1.1")],
                      warmup: [seen(.responder(), "a.test", about: "127.0.1.1"), seen(.responder(), "b.test", about: "127.0.1.1"),
                               seen(.responder(), "a.test", about: "127.0.1.2"), seen(.responder(), "a.test", about: "127.0.1.1"),
                               seen(.client("Alice"), "a.test", about: "127.0.1.1")]),
        // Under stapling it only hears the server fetch its own staple: nobody's visit.
        PrivacyLedger(scenario: "s", mode: "stapled", observations: [seen(.server("a.test"), "a.test", about: "127.0.1.1")],
                      warmup: [seen(.responder(), "a.test", about: "127.0.0.3"), seen(.responder(), "b.test", about: "127.0.0.3")]),
    ]

    @Test func countsDistinctPairsOverTheWholeRunWarmUpIncluded() {
        let history = PrivacyHistory(records: Self.records, ledgers: Self.ledgers)
        #expect(history.visited(mode: "classic") == 3)
        #expect(history.learned(role: .responder, mode: "classic") == 3)
        #expect(history.learned(role: .responder, mode: "stapled") == 0)
        #expect(history.learned(role: .server, mode: "stapled") == 1)
        #expect(history.sentences == [
            "the server learned 1 of 3 (client, site) pairs under classic, 1 of 3 under stapled",
            "the responder learned 3 of 3 (client, site) pairs under classic, 0 of 3 under stapled",
        ])
    }

    @Test func theCRLServerLearnsTheListAskedForAndNoPair() throws {
        // Alice and Bob each download shard 0 twice: one row per requester, no hostname, 0 pairs.
        let records = ["Alice", "Bob"].map { Self.visit("crl", $0, $0 == "Alice" ? "127.0.1.1" : "127.0.1.2", "a.test") }
        let list = { (address: String) in
            Observation(observer: .responder(), observerAddress: "127.0.0.4", hostname: "", clientAddress: address,
                        via: .crlRequest, requested: "/crl/0.crl (StapleBench Test Intermediate CA)")
        }
        let ledger = PrivacyLedger(scenario: "s", mode: "crl", observations: [list("127.0.1.2"), list("127.0.1.1"), list("127.0.1.1")],
                                   warmup: [list("127.0.1.2")])
        #expect(ledger.rows.map { PrivacyCSV.row($0).map { $0 ?? "" } } == [
            ["s", "crl", "responder", "127.0.0.4", "", "127.0.1.1", "crl-request", "2", "0", "/crl/0.crl (StapleBench Test Intermediate CA)"],
            ["s", "crl", "responder", "127.0.0.4", "", "127.0.1.2", "crl-request", "2", "1", "/crl/0.crl (StapleBench Test Intermediate CA)"],
        ])
        let history = PrivacyHistory(records: records, ledgers: [ledger])
        #expect(history.learned(role: .responder, mode: "crl") == 0)
        #expect(history.sentences == ["the responder learned 0 of 2 (client, site) pairs under crl (as the CRL server: which list, from whom)"])
        #expect(PrivacyMatrix.render([ledger], addressNames: ["127.0.1.1": "Alice", "127.0.1.2": "Bob"])
                == "responder  crl: /crl/0.crl (StapleBench Test Intermediate CA) (Alice 127.0.1.1, Bob 127.0.1.2)\n")
    }

    @Test func summaryCarriesTheResponderCount() throws {
        let history = PrivacyHistory(records: Self.records, ledgers: Self.ledgers)
        let summary = Summary(records: Self.records, history: history)
        let classic = try #require(summary.row(mode: "classic"))
        #expect((classic.visitedPairs, classic.responderPairs) == (3, 3))
        let stapled = try #require(summary.row(mode: "stapled"))
        #expect((stapled.visitedPairs, stapled.responderPairs) == (3, 0))
        #expect(Summary(records: Self.records).row(mode: "classic")?.responderPairs == nil)
    }
}

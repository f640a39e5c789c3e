import Foundation
import Testing
import StapleCore
import StapleReport
@testable import StapleEngine

/// What the CRL server and the push server learn in a real run: the list each client asked for
/// and its address, from the requests they parsed; never a hostname, so no (client, site) pair.
@Suite struct RevocationPrivacyTests {
    @Test func theCRLAndPushServersLearnTheListAndTheRequesterButNoHostname() async throws {
        let scenario = try ScenarioLoader.load(text: """
            name: revocation-privacy
            modes: [crl, pushed]
            sites: [{ host: example.com }, { host: revoked.test, status: revoked }]
            clients:
              - { name: Alice, visits: [example.com, revoked.test] }
              - { name: Bob, visits: [example.com] }
            crl: { entries: 0, shards: 2 }
            workload: { warmup: 0, handshakes: 6, concurrency: 1 }
            """, fileName: "revocation-privacy.yaml")
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete)
        var address: [String: String] = [:]
        for record in result.records { address[record.client] = record.clientAddress }
        let alice = try #require(address["Alice"]), bob = try #require(address["Bob"])
        let ledgers = RunWriter.ledgers(result)
        func responderRows(_ mode: String) -> [[String]] {
            (ledgers.first { $0.mode == mode }?.rows ?? []).filter { $0.observer.role == .responder }
                .map { [$0.hostname, $0.clientAddress, $0.via.rawValue, $0.requested] }
        }
        // crl: each certificate its own shard (site 0 → shard 0, site 1 → shard 1), kept until its
        // nextUpdate, so one download per (client, shard); Bob never visits revoked.test.
        let intermediate = "StapleBench Test Intermediate CA"
        #expect(responderRows("crl").sorted { $0.lexicographicallyPrecedes($1) } == [
            ["", alice, "crl-request", "/crl/0.crl (\(intermediate))"],
            ["", alice, "crl-request", "/crl/1.crl (\(intermediate))"],
            ["", bob, "crl-request", "/crl/0.crl (\(intermediate))"],
        ].sorted { $0.lexicographicallyPrecedes($1) })
        // pushed: one set for every site, signed by the root, downloaded once per client.
        #expect(responderRows("pushed").sorted { $0.lexicographicallyPrecedes($1) } == [
            ["", alice, "push-request", "/push/set (StapleBench Test Root CA)"],
            ["", bob, "push-request", "/push/set (StapleBench Test Root CA)"],
        ].sorted { $0.lexicographicallyPrecedes($1) })
        // The rows match the servers' request log one for one.
        let log = result.parts.flatMap(\.responderLog)
        #expect(log.count == 5 && log.allSatisfy { $0.hostname.isEmpty && $0.method == "GET" })
        // No hostname, no pair: the history says the CA learned nothing of the 3 pairs visited.
        let history = RunWriter.history(result)
        #expect(history.learned(role: .responder, mode: "crl") == 0)
        #expect(history.learned(role: .responder, mode: "pushed") == 0)
        #expect(history.sentences.contains("the responder learned 0 of 3 (client, site) pairs under crl, 0 of 3 under pushed"))
        // privacy.csv carries them with the list in `requested`.
        let csv = PrivacyCSV.table(ledgers).text
        #expect(csv.contains("revocation-privacy,pushed,responder,"))
        #expect(csv.contains(",\(bob),push-request,1,0,/push/set (StapleBench Test Root CA)\r\n"))
    }
}

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
        #expect(history.sentences.contains("the responder learned 0 of 3 (client, site) pairs under crl (as the CRL server: which list, from whom), "
                                               + "0 of 3 under pushed (as the push server: which list, from whom)"))
        // privacy.csv carries them with the list in `requested`.
        let csv = PrivacyCSV.table(ledgers).text
        #expect(csv.contains("revocation-privacy,pushed,responder,"))
        #expect(csv.contains(",\(bob),push-request,1,0,/push/set (StapleBench Test Root CA)\r\n"))
    }

    @Test func aWrittenFolderReadsBackTheListsAskedForAndEachClientsExposure() async throws {
        // Revoked at 0.3 s; lists issued every second, so the one of 1 s lists it: each client
        // (no cache: every attempt downloads the list) refuses from then on.
        let scenario = try ScenarioLoader.load(text: """
            name: revocation-folder
            modes: [crl]
            sites: [{ host: leaked.test, revoke_at: 300ms }]
            clients: [{ name: Alice, cache: false }, { name: Bob, cache: false }]
            crl: { entries: 0, next_update: 1s }
            workload: { warmup: 0, handshakes: 16, concurrency: 1, pace: 100ms }
            """, fileName: "revocation-folder.yaml")
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("staplebench-revocation-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try RunWriter(folder: folder).write(result, commandLine: ["test"])
        let written = try #require(RunWriter.summary(result).row(mode: "crl")?.revocation)
        #expect(written.clients.map(\.client) == ["Alice", "Bob"])
        #expect(written.clients.allSatisfy { $0.seconds.isFinite && $0.seconds >= 0 }, "\(written.clients)")
        #expect(written.exposureWindowS == written.clients.map(\.seconds).max())
        let run = try RunFolder.load(folder)
        func text(_ clients: [RevocationFigures.ClientExposure]) -> [String] {
            clients.map { entry in "\(entry.client) " + (FixedPoint.string(entry.seconds, decimals: 3) ?? "") }
        }
        let readBack: [RevocationFigures.ClientExposure] = run.summary.row(mode: "crl")?.revocation.clients ?? []
        #expect(text(readBack) == text(written.clients))
        let readRows: [PrivacyRow] = run.ledgers.flatMap(\.rows).filter { $0.via == .crlRequest }
        let writtenRows: [PrivacyRow] = RunWriter.ledgers(result).flatMap(\.rows).filter { $0.via == .crlRequest }
        #expect(readRows.map(\.requested) == writtenRows.map(\.requested))
        #expect(readRows.map(\.requested).contains("/crl/0.crl (StapleBench Test Intermediate CA)"))
    }
}

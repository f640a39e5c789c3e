import Foundation
import StapleCore
import Testing
@testable import StapleReport

/// Every run file against its reviewed golden copy, plus the schema's required columns.
@Suite struct ReportFilesGoldenTests {
    @Test func handshakesCSV() throws {
        let table = HandshakesCSV.table(Fixtures.handshakes)
        try Golden.check(table.text, "handshakes.csv")
        #expect(Array(table.header.prefix(18)) == ["scenario", "sweep_point", "mode", "client", "site", "seq",
            "started_ms", "tcp_ms", "dns_ms", "tls_ms", "ocsp_ms", "verify_ms", "ttfb_ms", "model_ms", "staple",
            "ocsp_status", "outcome", "error"])
        #expect(table.column("staple") == ["no", "no", "no", "yes", "yes", "no"])
        #expect(table.column("outcome") == ["connected", "connected", "soft-fail", "connected", "hard-fail", "error"])
        #expect(table.column("ttfb_ms")?.first == "140.001")
        #expect(table.column("connection")?.last == .some(nil))
    }

    @Test func summaryCSV() throws {
        let summary = Summary(records: Fixtures.handshakes, responderRequests: Fixtures.responderRequests)
        let table = SummaryCSV.table(summary)
        try Golden.check(table.text, "summary.csv")
        #expect(Array(table.header.prefix(12)) == ["scenario", "sweep_point", "mode", "handshakes", "connected",
            "failed", "p50_ms", "p90_ms", "p99_ms", "mean_ms", "model_ms", "responder_requests"])
    }

    @Test func privacyCSV() throws {
        let table = PrivacyCSV.table(Fixtures.ledgers)
        try Golden.check(table.text, "privacy.csv")
        #expect(table.header == ["scenario", "mode", "observer", "observer_address", "hostname",
                                 "client_address", "via", "count", "warmup_count", "requested"])
        // A fact learned only during the warm-up is counted like any other (the matrix no longer discounts it).
        let warmup = Fixtures.ledgers[1].rows.filter { $0.warmupCount > 0 }
        #expect(warmup.map(\.clientAddress) == ["127.0.1.1"])
        #expect(warmup.map(\.count) == [1])
        let matrix = PrivacyMatrix.render(Fixtures.ledgers, addressNames: Fixtures.addressNames)
        #expect(matrix.contains("stapled: example.com (server 127.0.0.3, Alice 127.0.1.1)"))
        #expect(!matrix.contains("warm-up"))
    }

    @Test func responderCSV() throws {
        try Golden.check(ResponderCSV.table(Fixtures.responderLog).text, "responder.csv")
    }

    @Test func eventsCSV() throws {
        let table = EventsCSV.table(Fixtures.events, origin: Fixtures.origin)
        try Golden.check(table.text, "events.csv")
        #expect(table.column("time_ms") == ["-1.000", "0.000", "20.500", "20.500", "100.000"])
        #expect(table.column("party")?[2] == "client:Alice")
        #expect(table.column("party")?[3] == "tap:client-server")
    }

    @Test func metaJSON() throws {
        let text = try Fixtures.meta.jsonText()
        try Golden.check(text, "meta.json")
        #expect(try RunMeta.decode(text) == Fixtures.meta)
        var interrupted = Fixtures.meta
        interrupted.ended = nil
        interrupted.complete = false
        interrupted.interruptedReason = "SIGINT"
        let partial = try interrupted.jsonText()
        try Golden.check(partial, "meta-interrupted.json")
        #expect(try RunMeta.decode(partial) == interrupted)
    }

    @Test func everyCSVReadsBackWithItsFields() throws {
        let tables = [HandshakesCSV.table(Fixtures.handshakes),
                      SummaryCSV.table(Summary(records: Fixtures.handshakes)),
                      PrivacyCSV.table(Fixtures.ledgers), ResponderCSV.table(Fixtures.responderLog),
                      EventsCSV.table(Fixtures.events, origin: Fixtures.origin)]
        for table in tables {
            let read = try CSVReader.table(from: table.text)
            #expect(read.header == table.header)
            #expect(read.rows == table.rows.map { $0.map { $0 ?? "" } })
        }
    }

    @Test func filesAreWrittenAtomicallyToAFolder() throws {
        let temp = try TemporaryFolder()
        try HandshakesCSV.table(Fixtures.handshakes).write(to: temp.path + "/run/handshakes.csv")
        try Fixtures.meta.write(to: temp.path + "/run/meta.json")
        #expect(try temp.contents("run") == ["handshakes.csv", "meta.json"])
        #expect(try String(contentsOfFile: temp.path + "/run/meta.json", encoding: .utf8) == Fixtures.meta.jsonText())
    }
}

import Testing
import StapleCore
import StapleReport
import StapleTestSupport
@testable import StapleEngine

extension ScenarioStoryTests {
    // MARK: crl-size

    /// The 0 and 30,000-entry points (the 10.5 MB one only moves more bytes through the same path).
    @Test(.tags(.timing)) func crlSize() async throws {
        var scenario = try Self.shipped("crl-size")
        scenario.sweep[0].values = Array(scenario.sweep[0].values.prefix(2))
        scenario.workload.warmup = 1
        scenario.workload.handshakes = 3
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let summary = RunWriter.summary(result)
        for (point, listBytes) in [("crl.entries=0", 200...300), ("crl.entries=30000", 1_000_000...1_100_000)] {
            let classic = try Self.part(result, .classic, point), stapled = try Self.part(result, .stapled, point)
            let crl = try Self.part(result, .crl, point)
            for part in [classic, stapled, crl] {
                #expect(Self.counted(part).count == 3 && Self.counted(part).allSatisfy { $0.outcome == .connected && $0.ocspStatus == "good" },
                        "\(point) \(part.mode)")
            }
            #expect(Self.counted(stapled).allSatisfy { $0.stapled } && !Self.counted(crl).contains { $0.stapled }, "\(point)")
            // The same lookup, TCP connect and HTTP exchange with the CA: the model says 301 ms for
            // crl and classic at every size (no bandwidth limit), 130 ms stapled.
            let rows = try ["classic", "stapled", "crl"].map { try #require(summary.row(sweepPoint: point, mode: $0), "\(point) \($0)") }
            #expect(rows.map(\.modelMs) == [301, 130, 301], "\(point)")
            // ...and the model's network time is a floor under every handshake (what is above it, the
            // list's transfer and parsing, is this machine's: not bounded here).
            for record in Self.counted(classic) + Self.counted(stapled) + Self.counted(crl) {
                let ttfb = try #require(record.ttfbMs), model = try #require(record.modelMs)
                #expect(ttfb >= model, "\(point) \(record.mode) seq \(record.seq): \(ttfb) ms below the model's \(model) ms")
            }
            #expect(try #require(rows[0].p50Ms) > (try #require(rows[1].p50Ms)), "\(point): classic above stapled")
            // Alice (no cache) downloads the whole list every handshake, warm-up included: one GET
            // of crl/0.crl each, of the size the point says; classic moves one OCSP response (~330 B).
            #expect(crl.responderLog.count == 4, "\(point): \(crl.responderLog.map(\.status))")
            #expect(crl.responderLog.allSatisfy { listBytes.contains($0.bytes) && $0.method == "GET" && $0.hostname.isEmpty },
                    "\(point): \(crl.responderLog.map(\.bytes))")
            #expect(rows[2].revocation.bytesPerHandshake.map { listBytes.contains(Int($0)) } == true, "\(point)")
            #expect(rows[0].revocation.bytesPerHandshake.map { (300...360).contains($0) } == true,
                    "\(point): \(rows[0].revocation.bytesPerHandshake ?? -1)")
            // Privacy: the CA's CRL server learns Alice's address, never the hostname.
            #expect(rows.map(\.responderPairs) == [1, 1, 0] && rows.map(\.visitedPairs) == [1, 1, 1], "\(point)")
        }
    }
}

import StapleCore
import Testing
@testable import StapleReport

@Suite struct SummaryTests {
    static func record(_ mode: String, _ point: String = "", ttfb: Double?, outcome: HandshakeRecord.Outcome = .connected,
                       model: Double? = nil, warmup: Bool = false, stapled: Bool = false) -> HandshakeRecord {
        HandshakeRecord(scenario: "s", sweepPoint: point, mode: mode, client: "Alice", site: "example.com", seq: 0,
                        warmup: warmup, startedMs: 0, ttfbMs: ttfb, modelMs: model, stapled: stapled, outcome: outcome)
    }

    @Test func groupsInFirstAppearanceOrderWithoutWarmUp() throws {
        let records = [
            Self.record("stapled", "rtt=20ms", ttfb: 1000, warmup: true),
            Self.record("stapled", "rtt=20ms", ttfb: 50, model: 40, stapled: true),
            Self.record("classic", "rtt=20ms", ttfb: 130, model: 120),
            Self.record("stapled", "rtt=5ms", ttfb: 20),
            Self.record("classic", "rtt=20ms", ttfb: 150, model: 124),
            Self.record("classic", "rtt=20ms", ttfb: 2000, outcome: .softFail, model: 121),
            Self.record("classic", "rtt=20ms", ttfb: nil, outcome: .hardFail),
            Self.record("classic", "rtt=20ms", ttfb: 999, outcome: .error),
        ]
        let summary = Summary(records: records, responderRequests: [SummaryKey(sweepPoint: "rtt=20ms", mode: "classic"): 4])
        #expect(summary.rows.map(\.key) == [SummaryKey(sweepPoint: "rtt=20ms", mode: "stapled"),
                                            SummaryKey(sweepPoint: "rtt=20ms", mode: "classic"),
                                            SummaryKey(sweepPoint: "rtt=5ms", mode: "stapled")])
        let classic = try #require(summary.row(sweepPoint: "rtt=20ms", mode: "classic"))
        #expect(classic.handshakes == 5)
        #expect(classic.connected == 2)
        #expect(classic.failed == 3)
        #expect((classic.softFail, classic.hardFail, classic.error) == (1, 1, 1))
        // Connected and soft-fail times only; the error's 999 ms is not a time to first byte.
        #expect(classic.latency.samples == [130, 150, 2000])
        #expect(classic.p50Ms == 150)
        #expect(classic.modelMs == 121)   // median of 120, 124, 121
        #expect(classic.gapMs == 29)
        #expect(classic.responderRequests == 4)
        let stapled = try #require(summary.row(sweepPoint: "rtt=20ms", mode: "stapled"))
        #expect(stapled.handshakes == 1)
        #expect(stapled.stapled == 1)
        #expect(stapled.latency.samples == [50])
        #expect(stapled.responderRequests == nil)
        #expect(summary.row(mode: "classic") == nil)
    }

    @Test func countsOutliersWithTukeyFences() throws {
        let records = [10.0, 11, 11, 12, 12, 13, 13, 14, 90].map { Self.record("classic", ttfb: $0) }
        let row = try #require(Summary(records: records).rows.first)
        #expect(row.outliers == 1)
        #expect(row.latency.outliers == [90])
    }
}

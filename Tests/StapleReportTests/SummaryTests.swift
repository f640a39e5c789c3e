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
        #expect(classic.modelMs == 121)   // median of 120, 124, 121: the rows with a time to first byte
        #expect(classic.gapMs == 26)      // median of the per-connection gaps 10, 26, 1879
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

    /// `responder-outage.yaml`, proactive, stapled: connected rows 4…7 ms over their own model,
    /// hard-fails whose model is the 3 s timeout and that have no time to first byte.
    @Test func modelAndGapAreOverTheMeasuredRowsAndPerConnection() throws {
        func r(_ ttfb: Double?, model: Double, _ outcome: HandshakeRecord.Outcome = .connected,
               start: Double = 0, end: Double? = nil) -> HandshakeRecord {
            HandshakeRecord(scenario: "s", mode: "stapled", client: "Bob", site: "x", seq: 0, startedMs: start,
                            ttfbMs: ttfb, modelMs: model, outcome: outcome, endedMs: end)
        }
        let records = [r(70.5, model: 66.5), r(72, model: 66), r(69, model: 64), r(71, model: 64),
                       r(nil, model: 3066, .hardFail, start: 1000, end: 4012.5),
                       r(nil, model: 3066, .hardFail, start: 5000, end: 8010),
                       r(nil, model: 3066, .hardFail, start: 9000, end: 12020),
                       r(nil, model: 3066, .hardFail, start: 13000, end: 16011),
                       r(nil, model: 3066, .hardFail, start: 17000, end: 20011)]
        let row = try #require(Summary(records: records).rows.first)
        #expect(row.p50Ms == 70.75)
        #expect(row.model.samples == [64, 64, 66, 66.5])     // the connected rows only
        #expect(row.modelMs == 65)
        #expect(row.gaps.samples == [4, 5, 6, 7])
        #expect(row.gapMs == 5.5)                             // not 70.75 − 3066
        // Bob waited about 3 s to be refused.
        #expect(row.timeToFailure[.hardFail]?.samples == [3010, 3011, 3011, 3012.5, 3020])
        #expect(row.failureMs(.hardFail, 50) == 3011)
        #expect(row.failureMs(.hardFail, 90) == 3017)
        #expect(row.timeToFailure[.softFail] == nil && row.failureMs(.error, 50) == nil)
    }

    @Test func softFailCostsItsTimeToFirstByteAndErrorsTheirDuration() throws {
        let records = [
            HandshakeRecord(scenario: "s", mode: "classic", client: "A", site: "x", seq: 0, startedMs: 10, ttfbMs: 2040,
                            outcome: .softFail, endedMs: 2050),
            HandshakeRecord(scenario: "s", mode: "classic", client: "A", site: "x", seq: 1, startedMs: 10,
                            outcome: .error, endedMs: 15.5),
            HandshakeRecord(scenario: "s", mode: "classic", client: "A", site: "x", seq: 2, startedMs: 10,
                            outcome: .error),   // an old run folder without ended_ms
        ]
        let row = try #require(Summary(records: records).rows.first)
        #expect(row.timeToFailure[.softFail]?.samples == [2040])
        #expect(row.timeToFailure[.error]?.samples == [5.5])
    }
}

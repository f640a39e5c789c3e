import Foundation
import Testing
import StapleCore
import StapleReport
@testable import StapleEngine

/// `staplebench report` on a streamed run's folder reads it with memory bounded in its number of
/// rows (``RunFolder/load(_:memory:)``): exact counts, a uniform sample, the beginning's events.
@Suite struct BoundedRunFolderTests {
    static let origin = Instant(nanoseconds: RunFolder.originOffset)

    /// A generated folder: `rows` counted attempts per mode (2 warm-ups first), the modes'
    /// rows interleaved as parallel parts write them, every 10th a hard fail, classic ones
    /// unstapled; two events per attempt (start, first byte), at 10 ms per attempt.
    static func folder(rows: Int) throws -> String {
        let path = NSTemporaryDirectory() + "staplebench-bounded-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var records: [HandshakeRecord] = []
        var events = CSVTable(header: EventsCSV.columns + ["sweep_point", "mode"])
        for seq in 0..<(rows + 2) {
            for (index, mode) in ["classic", "stapled"].enumerated() {
                let started = Double(seq) * 10
                let counted = seq >= 2
                let failed = counted && seq % 10 == 0
                let connection = ConnectionID(UInt64(seq * 2 + index + 1))
                records.append(HandshakeRecord(
                    scenario: "bounded", mode: mode, client: "Alice", site: "example.com", seq: seq, warmup: !counted,
                    startedMs: started, ttfbMs: failed ? nil : 5 + Double(seq % 7), stapled: mode == "stapled",
                    ocspStatus: "good", outcome: failed ? .hardFail : .connected, clientAddress: "127.0.1.1",
                    connection: connection, endedMs: started + 6))
                for (kind, ms) in [(EventKind.attemptStart, started), (.firstByte, started + 5 + Double(seq % 7))] {
                    let event = TraceEvent(time: Instant(nanoseconds: origin.nanoseconds + UInt64(ms * 1_000_000)),
                                           party: .client("Alice"), kind: kind, connection: connection)
                    events.append(EventsCSV.row(event, origin: origin) + ["", mode])
                }
            }
        }
        try HandshakesCSV.table(records).text.write(toFile: path + "/handshakes.csv", atomically: true, encoding: .utf8)
        try events.text.write(toFile: path + "/events.csv", atomically: true, encoding: .utf8)
        return path
    }

    @Test func aLongFolderKeepsItsSampleAndBeginningWithExactCounts() throws {
        let path = try Self.folder(rows: 3_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let memory = RunMemory(exactLimit: 100, piece: 10, reservoir: 50)
        let run = try RunFolder.load(path, memory: memory)
        // In memory: each mode's 50-record sample, not its 3,002 rows.
        #expect(run.records.count == 100)
        #expect(run.records.allSatisfy { !$0.warmup })
        let stapled = try #require(run.samples[SummaryKey(sweepPoint: "", mode: "stapled")])
        #expect(stapled.attempts == 3_002 && stapled.counted == 3_000 && stapled.kept.count == 50)
        #expect(stapled.firstRecords.map(\.seq) == Array(2..<12))
        #expect(stapled.witnesses.count == 1)
        // Only the beginning's events: the 2 warm-ups and 10 first counted attempts, two each.
        #expect(run.events.count == 2 * 12 * 2)
        #expect(run.eventParts.count == run.events.count)
        #expect(run.eventParts.filter { $0.mode == "classic" }.count == 24)
        // The counts are exact; the percentiles come from the sample.
        let summary = run.summary
        #expect(summary.rows.map(\.handshakes) == [3_000, 3_000])
        #expect(summary.rows.map(\.hardFail) == [300, 300])
        #expect(summary.rows.map(\.connected) == [2_700, 2_700])
        #expect(summary.row(mode: "stapled")?.stapled == 3_000 && summary.row(mode: "classic")?.stapled == 0)
        #expect(summary.rows.allSatisfy { $0.latency.count <= 50 && $0.latency.count > 30 })
        // Each mode's diagram is told from its beginning.
        #expect(run.stories.map(\.0) == ["classic", "stapled"])
        #expect(run.stories.allSatisfy { $0.1.record.seq >= 2 && $0.1.record.seq < 12 })
        let written = try RunWriter(folder: path).rebuild(run)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["classic.mmd", "stapled.mmd", "report.html"])
    }

    @Test func aFolderWithinTheExactLimitReadsAsAWholeRead() throws {
        let path = try Self.folder(rows: 40)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try RunFolder.load(path)
        let bounded = try RunFolder.load(path, memory: RunMemory(exactLimit: 42, piece: 10, reservoir: 5))
        #expect(bounded.samples.isEmpty)
        #expect(bounded.records == whole.records)
        #expect(bounded.events == whole.events)
        #expect(bounded.eventParts == whole.eventParts)
        #expect(bounded.summary.rows.map(\.latency.count) == whole.summary.rows.map(\.latency.count))
        #expect(bounded.summary.rows.map(\.p50Ms) == whole.summary.rows.map(\.p50Ms))
    }

    @Test func aMalformedRowIsNamedByFileAndRecord() throws {
        let path = try Self.folder(rows: 3)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = path + "/handshakes.csv"
        try (String(contentsOfFile: file, encoding: .utf8) + "bounded,,classic\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            _ = try RunFolder.load(path, memory: RunMemory())
        } throws: { error in
            "\(error)".contains("handshakes.csv: record 12 has 3 fields")
        }
    }
}

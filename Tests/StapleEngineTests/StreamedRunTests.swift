import Foundation
import Synchronization
import Testing
import StapleCore
import StapleReport
@testable import StapleEngine

/// A part too long to keep whole (issue 12): run in pieces, its rows streamed to the folder as
/// each piece ends, only bounded summaries in memory; and `--precision`'s rounds on a live run.
@Suite struct StreamedRunTests {
    static func folder() -> String { NSTemporaryDirectory() + "staplebench-streamed-\(UUID().uuidString)" }

    static func scenario(modes: String = "[classic, stapled]", handshakes: Int, concurrency: Int = 4) throws -> Scenario {
        try ScenarioLoader.load(text: """
            name: streamed
            modes: \(modes)
            sites: [{ host: example.com }, { host: example.org }]
            clients: [{ name: Alice }, { name: Bob }]
            links:
              client-server: { rtt: 0ms }
              client-resolver: { rtt: 0ms }
            workload: { warmup: 2, handshakes: \(handshakes), concurrency: \(concurrency), timeout: 20s }
            """, fileName: "streamed.yaml")
    }

    @Test(.timeLimit(.minutes(2)))
    func aLongPartKeepsABoundedSampleAndStreamsEveryRow() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let memory = RunMemory(exactLimit: 10, piece: 8, reservoir: 5)
        let engine = RunEngine(scenario: try Self.scenario(handshakes: 40), options: RunOptions(parallel: 2, memory: memory))
        let writer = RunWriter(folder: folder)
        try writer.begin(engine.scenario, started: Date(), commandLine: [])
        let pieces = Mutex<[(mode: String, records: Int, events: Int, privacy: Int)]>([])
        let result = await engine.run(pieceFinished: { piece, origin in
            try? writer.append(piece, origin: origin)
            let privacy = piece.streamedLedger?.rows.map(\.count).reduce(0, +) ?? -1
            pieces.withLock { $0.append((piece.mode.rawValue, piece.records.count, piece.events.count, privacy)) }
        }, partFinished: { part, origin in try? writer.append(part, origin: origin) })
        #expect(result.complete)
        for part in result.parts {
            let sample = try #require(part.sample)
            // In memory: the sample's cap, not the 42 attempts.
            #expect(part.records.count == 5)
            #expect(part.records.allSatisfy { !$0.warmup && $0.mode == part.mode.rawValue })
            #expect(sample.kept.count == 5 && sample.counted == 40 && sample.attempts == 42)
            #expect(sample.firstRecords.map(\.seq) == Array(2..<10))   // the first counted piece
            #expect(sample.witnesses.count == 4)      // Alice and Bob, two sites each
            #expect(part.observations.isEmpty && part.streamedLedger != nil)
            let mine = pieces.withLock { $0.filter { $0.mode == part.mode.rawValue } }
            // Pieces: the warm-up (2), five of 8 counted, and the tail recorded while stopping.
            #expect(mine.map(\.records) == [2, 8, 8, 8, 8, 8, 0])
            #expect(part.events.count == mine[1].events)
            // Privacy rows were counted piece by piece and merged.
            #expect(part.streamedLedger?.rows.map(\.count).reduce(0, +) == mine.map(\.privacy).reduce(0, +))
            #expect(mine[0].privacy > 0 && mine[1].privacy > 0)
        }
        try writer.write(result, commandLine: [])
        // On disk: every row, each part's 42.
        let folderBack = try RunFolder.load(folder)
        for mode in ["classic", "stapled"] {
            #expect(folderBack.records.filter { $0.mode == mode }.map(\.seq).sorted() == Array(0..<42))
        }
        // The summary's counts are exact, not the sample's.
        let summary = RunWriter.summary(result)
        // `staplebench report`'s bounded read of the folder: the same counts, the same sample.
        let bounded = try RunFolder.load(folder, memory: memory)
        #expect(bounded.records.count == 10)
        #expect(bounded.summary.rows.map(\.handshakes) == [40, 40])
        #expect(bounded.summary.rows.map(\.latency.count) == [5, 5])
        // (handshakes.csv keeps milliseconds to 3 decimals.)
        func rounded(_ value: Double?) -> Double? { value.map { ($0 * 1000).rounded() / 1000 } }
        for mode in ["classic", "stapled"] {
            #expect(bounded.summary.row(mode: mode)?.p50Ms == rounded(summary.row(mode: mode)?.p50Ms), "drawn as the run drew it")
        }
        #expect(summary.rows.map(\.handshakes) == [40, 40])
        #expect(summary.rows.map(\.connected) == [40, 40])
        #expect(summary.rows.map(\.latency.count) == [5, 5])
        #expect(summary.row(mode: "stapled")?.stapled == 40)
        #expect(summary.row(mode: "classic")?.visitedPairs == 4)
        let ledgers = RunWriter.ledgers(result)
        #expect(ledgers.map(\.mode) == ["classic", "stapled"])
        #expect(ledgers[0].rows.contains { $0.observer.role == .responder && $0.warmupCount > 0 })
        #expect(FileManager.default.fileExists(atPath: folder + "/classic.mmd"))
    }

    @Test func aPartWithinTheLimitIsKeptWhole() {
        #expect(!RunMemory().streams(attempts: 10_000))
        #expect(RunMemory().streams(attempts: 10_001))
    }

    @Test(.timeLimit(.minutes(2)))
    func precisionStopsAtTheFirstRoundWhenTheGoalIsWide() async throws {
        let goal = PrecisionGoal(widthMs: 10_000, maxHandshakes: 100)
        let engine = RunEngine(scenario: try Self.scenario(modes: "[stapled]", handshakes: 6),
                               options: RunOptions(parallel: 1, precision: goal))
        let result = await engine.run()
        #expect(result.complete)
        let outcome = try #require(result.parts.first?.precision)
        #expect(outcome.reached && outcome.handshakes == 6 && outcome.mode == "stapled")
        #expect(result.parts[0].records.filter { !$0.warmup }.count == 6)
    }

    @Test(.timeLimit(.minutes(2)))
    func precisionGoesOnToTheBoundWhenTheGoalIsNeverMet() async throws {
        let goal = PrecisionGoal(widthMs: 0.001, maxHandshakes: 10)
        let engine = RunEngine(scenario: try Self.scenario(modes: "[stapled]", handshakes: 3),
                               options: RunOptions(parallel: 1, precision: goal))
        let result = await engine.run()
        #expect(result.complete)
        let outcome = try #require(result.parts.first?.precision)
        // Rounds of 3, 6, then the bound 10.
        #expect(!outcome.reached && outcome.handshakes == 10)
        #expect(result.parts[0].records.filter { !$0.warmup }.map(\.seq) == Array(2..<12))
    }
}

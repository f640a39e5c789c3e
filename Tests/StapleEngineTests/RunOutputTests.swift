import Foundation
import Synchronization
import Testing
import StapleCore
import StapleReport
@testable import StapleEngine

/// A run's folder while it runs: meta.json first (incomplete) and last (complete), each part's
/// rows on disk as soon as it finishes, and a connection cut by Ctrl-C counted as interrupted.
@Suite struct RunOutputTests {
    static func folder() -> String { NSTemporaryDirectory() + "staplebench-output-\(UUID().uuidString)" }

    static func scenario(faults: String = "", warmup: Int = 1, handshakes: Int = 2) throws -> Scenario {
        try ScenarioLoader.load(text: """
            name: output
            modes: [none, stapled]
            sites: [{ host: example.com }]
            clients: [{ name: Alice }]
            links:
              client-server: { rtt: 4ms\(faults) }
              client-resolver: { rtt: 2ms }
            workload: { warmup: \(warmup), handshakes: \(handshakes), concurrency: 1, timeout: 20s }
            """, fileName: "output.yaml")
    }

    @Test func metaJSONIsWrittenFirstMarkedIncompleteAndCompletedLast() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scenario = try Self.scenario()
        let writer = RunWriter(folder: folder)
        try writer.begin(scenario, started: Date(timeIntervalSince1970: 1_700_000_000), commandLine: ["staplebench", "run"])
        let meta = try RunMeta.decode(try String(contentsOfFile: folder + "/meta.json", encoding: .utf8))
        #expect(meta.complete == false && meta.ended == nil && meta.interruptedReason == RunWriter.runningReason)
        #expect(meta.scenario == "output" && meta.started == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(try ScenarioLoader.load(path: folder + "/scenario.yaml").name == "output")
        // The streamed CSVs exist with their header, so the folder reads back (with no records).
        #expect(try RunFolder.load(folder).records.isEmpty)
        // The folder now counts as an earlier run: nothing else may write into it.
        #expect(OutputFolderCheck.problem(with: folder)?.contains("holds an earlier run") == true)
    }

    @Test func eachPartsRowsAreOnDiskWhenItFinishesAndTheFinalWriteReplacesThem() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = RunWriter(folder: folder)
        let engine = RunEngine(scenario: try Self.scenario(), options: RunOptions(parallel: 1))
        try writer.begin(engine.scenario, started: Date(), commandLine: [])
        var onDisk: [[String]] = []
        let result = await engine.run(partFinished: { part, origin in
            try? writer.append(part, origin: origin)
            // What a SIGKILL now would leave: every finished part's records, read back.
            let records = (try? RunFolder.load(folder).records) ?? []
            onDisk.append(records.map { "\($0.mode) \($0.seq)" })
        })
        #expect(result.complete)
        #expect(onDisk == [["none 0", "none 1", "none 2"],
                           ["none 0", "none 1", "none 2", "stapled 0", "stapled 1", "stapled 2"]])
        let events = try String(contentsOfFile: folder + "/events.csv", encoding: .utf8)
        #expect(events.split(separator: "\r\n").count == 1 + result.parts.map(\.events.count).reduce(0, +))

        let paths = try writer.write(result, commandLine: ["staplebench", "run"])
        #expect(paths.last == folder + "/meta.json", "meta.json is written last")
        let handshakes = try String(contentsOfFile: folder + "/handshakes.csv", encoding: .utf8)
        #expect(handshakes == HandshakesCSV.table(result.records).text, "the final write replaces the appended rows")
        let meta = try RunMeta.decode(try String(contentsOfFile: folder + "/meta.json", encoding: .utf8))
        #expect(meta.complete && meta.ended != nil && meta.interruptedReason == nil && meta.saturation != nil)
    }

    @Test func aConnectionCutByCtrlCIsInterruptedNotAnError() async throws {
        // Every connection to the server hangs (until the 20 s timeout): the one in flight when
        // the run is cancelled can only end by the interruption.
        let engine = RunEngine(scenario: try Self.scenario(faults: ", faults: [{ kind: hang }]", warmup: 0, handshakes: 1),
                               options: RunOptions(parallel: 1))
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            await engine.run { progress in
                if progress.phase == .running, progress.inFlight > 0 { signal.yield() }
            }
        }
        for await _ in started { break }
        task.cancel()
        let result = await task.value
        #expect(!result.complete && result.stoppedEarly == "interrupted")
        #expect(result.records.map(\.outcome) == [.interrupted])
        #expect(result.records.first?.error == "the run was interrupted during this attempt")
        let row = try #require(RunWriter.summary(result).rows.first)
        #expect(row.handshakes == 1 && row.interrupted == 1)
        #expect(row.error == 0 && row.failed == 0, "an interruption is not a failure")
        #expect(SummaryCSV.table(RunWriter.summary(result)).column("interrupted") == ["1"])
    }
}

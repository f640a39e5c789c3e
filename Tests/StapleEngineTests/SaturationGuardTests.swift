import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing
import StapleCore
import StapleReport
@testable import StapleEngine

/// The saturation guard: the loops' timer lag, measured with an injected clock or an injected
/// block of a private loop, never by loading the machine.
@Suite struct SaturationGuardTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let value = Mutex<UInt64>(1_000_000_000)
        func advance(milliseconds: Double) { value.withLock { $0 += UInt64(milliseconds * 1e6) } }
        var now: NIODeadline { .uptimeNanoseconds(value.withLock { $0 }) }
    }

    @Test func aTickIsLateByWhatTheClockSaysBeyondTheInterval() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let clock = ManualClock()
        let monitor = LoopLagMonitor(group: group, interval: .milliseconds(10), now: { clock.now })
        monitor.arm(loop: 0)
        clock.advance(milliseconds: 10)
        monitor.fired(loop: 0)                       // on time
        let window = monitor.openWindow()
        clock.advance(milliseconds: 17)
        monitor.fired(loop: 0)                       // 7 ms late
        let seen = monitor.closeWindow(window)
        clock.advance(milliseconds: 10 + 40)
        monitor.fired(loop: 0)                       // 40 ms late, after the window closed
        #expect(seen.count == 1 && seen.maxNanoseconds == 7_000_000)
        #expect(monitor.whole.count == 3 && monitor.whole.maxNanoseconds == 40_000_000)
        #expect(monitor.closeWindow(window).count == 0)
        monitor.fired(loop: 1)                       // a loop never armed: ignored
        #expect(monitor.whole.count == 3)
        try await group.shutdownGracefully()
    }

    @Test func aBlockedLoopShowsAsLag() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let monitor = LoopLagMonitor(group: group, interval: .milliseconds(5))
        monitor.start()
        let loop = group.next()
        // The injected lag: the loop's only thread busy for 60 ms.
        try await loop.submit { _ = usleep(60_000) }.get()
        // The tick that waited behind the block runs next on the same loop.
        for _ in 0..<200 where Double(monitor.whole.maxNanoseconds) / 1e6 < 50 { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(Double(monitor.whole.maxNanoseconds) / 1e6 >= 50, "max lag \(Double(monitor.whole.maxNanoseconds) / 1e6) ms after a 60 ms block")
        monitor.stop()
        try await group.shutdownGracefully()
    }

    @Test func theThresholdIsATenthOfTheSmallestModelWithAFloorOfOneMillisecond() {
        #expect(SaturationGuard.thresholdMs(smallestModelMs: 5) == 1)
        #expect(SaturationGuard.thresholdMs(smallestModelMs: 64) == 6.4)
        #expect(SaturationGuard.advice(parallel: 8, concurrency: 1) == "lower --parallel (it was 8)")
        #expect(SaturationGuard.advice(parallel: 4, concurrency: 100)
                == "lower --parallel (it was 4), then workload.concurrency or --concurrency (it was 100)")
        #expect(SaturationGuard.advice(parallel: 1, concurrency: 1).hasPrefix("nothing of the run's own can be lowered"))
    }

    static func scenario() throws -> Scenario {
        try ScenarioLoader.load(text: """
            name: saturation
            modes: [stapled]
            sites: [{ host: example.com }]
            clients: [{ name: Alice }]
            links:
              client-server: { rtt: 10ms }
              client-resolver: { rtt: 2ms }
            workload: { warmup: 1, handshakes: 3, concurrency: 1 }
            """, fileName: "saturation.yaml")
    }

    @Test func aRunOnALaggingClockIsMarkedSaturatedInMetaAndReport() async throws {
        // A clock running at twice the wall's speed: every tick is one interval (20 ms) late.
        let start = NIODeadline.now()
        let monitor = LoopLagMonitor(group: MultiThreadedEventLoopGroup.singleton, interval: .milliseconds(20),
                                     now: { start + (NIODeadline.now() - start) * 2 })
        let result = await RunEngine(scenario: try Self.scenario(), lagMonitor: monitor).run()
        #expect(result.complete)
        let part = try #require(result.parts.first)
        #expect(part.loopLag.count > 0)
        let check = try #require(SaturationGuard.check(part))
        // Stapled at 10 ms: DNS 2 + 3 × 10 = 32 ms modelled → a 3.2 ms threshold.
        #expect(abs(check.thresholdMs - 3.2) < 1e-9)
        #expect(check.p99Ms >= 19 && check.saturated)
        let note = result.saturation
        #expect(note.saturated && note.parallel == 1 && note.rule == SaturationGuard.rule)
        #expect(note.advice == SaturationGuard.advice(parallel: 1, concurrency: 1), "one part, one connection: nothing to lower")

        let folder = NSTemporaryDirectory() + "staplebench-saturation-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try RunWriter(folder: folder).write(result, commandLine: ["staplebench", "run"])
        let meta = try RunMeta.decode(try String(contentsOfFile: folder + "/meta.json", encoding: .utf8))
        #expect(meta.saturation?.saturated == true)
        #expect(meta.saturation?.parts.map(\.mode) == ["stapled"])
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.contains("<p class=\"warning saturation\">Saturated: the event loops ran late in 1 of 1 part(s)"))
    }

    @Test func theSameRunWithASmallLagIsNotSaturated() async throws {
        let result = await RunEngine(scenario: try Self.scenario()).run()
        var part = try #require(result.parts.first)
        // Replace what this machine measured with known lags: 0.5 ms passes, 4 ms (over 3.2) does not.
        part.loopLag = LatenessHistogram()
        for _ in 0..<100 { part.loopLag.record(500_000) }
        #expect(SaturationGuard.check(part)?.saturated == false)
        for _ in 0..<5 { part.loopLag.record(4_000_000) }
        #expect(SaturationGuard.check(part)?.saturated == true)
        var quiet = result
        quiet.parts = [part]
        quiet.parts[0].loopLag = LatenessHistogram()
        quiet.parts[0].loopLag.record(100_000)
        #expect(quiet.saturation.saturated == false && quiet.saturation.warning == nil && quiet.saturation.advice == nil)
    }
}

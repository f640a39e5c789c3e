import Foundation
import StapleCore
import StapleTLS
import StaplePKI
import StapleReport

/// The figures that prove StapleBench's numbers (`staplebench bench`). Figures, not tests:
/// nothing here fails when the machine is slow.
public enum Bench {
    /// A scenario with one client and one site, every link at `rtt`, for the benchmarks.
    public static func scenario(rtt: Delay, modes: [Scenario.Mode], handshakes: Int, warmup: Int = 2, concurrency: Int = 1,
                                clientCache: Bool = false, name: String = "bench") -> Scenario {
        var profile = RevocationProfile.firefox
        profile.cache = clientCache
        profile.timeout = .seconds(20)
        let link = Scenario.Link.rtt(rtt)
        return Scenario(name: name, modes: modes, sites: [Scenario.Site(host: "example.com")],
                        clients: [Scenario.Client(name: "Alice", profile: profile, visits: ["example.com"])],
                        server: Scenario.Server(policy: .lazy),
                        links: Scenario.Links(clientServer: link, clientResponder: link, serverResponder: link,
                                              clientResolver: link, serverResolver: link),
                        workload: Scenario.Workload(warmup: warmup, handshakes: handshakes, concurrency: concurrency,
                                                    timeout: .seconds(60)))
    }

    // MARK: - TLS in memory

    /// Full TLS 1.3 handshakes per second in one thread over memory BIOs.
    public static func tls(count: Int) throws -> [MemoryHandshakeBenchmark.Result] {
        _ = try MemoryHandshakeBenchmark.run(.noStatus, count: max(10, count / 20)) // warm up
        return try MemoryHandshakeBenchmark.Variant.allCases.map { try MemoryHandshakeBenchmark.run($0, count: count) }
    }

    /// What a handshake's CPU work costs after the thread sat idle (one row per pause).
    public struct IdleWorkRow: Sendable {
        /// How long the thread slept before each handshake, ms (0: back to back).
        public var pauseMs: Double
        /// Handshakes timed.
        public var handshakes: Int
        /// p50 of one in-memory handshake's duration, ms.
        public var p50Ms: Double?
        /// p90 of one in-memory handshake's duration, ms.
        public var p90Ms: Double?
    }

    /// One in-memory TLS 1.3 handshake with its staple verified, timed alone after the thread slept
    /// each of `pausesMs` (back to back for 0): on a virtual machine whose caches others use while
    /// ours sleeps, the same work takes longer after a pause, which is why a fidelity point's
    /// endpoints work slower between delayed hops than the zero-delay baseline's.
    public static func idleWork(pausesMs: [Double], count: Int) throws -> [IdleWorkRow] {
        _ = try MemoryHandshakeBenchmark.run(.stapleVerified, count: 20) // warm up
        return try pausesMs.map { pause in
            let result = try MemoryHandshakeBenchmark.run(.stapleVerified, count: count,
                                                          pause: .nanoseconds(Int64(pause * 1e6)))
            let stats = Statistics(result.durationsMs)
            return IdleWorkRow(pauseMs: pause, handshakes: result.durationsMs.count, p50Ms: stats.median,
                               p90Ms: stats.percentile(90))
        }
    }

    // MARK: - Throughput

    /// Handshakes per second through the whole harness.
    public struct ThroughputRow: Sendable {
        /// What was measured.
        public var setting: String
        /// Connections in flight.
        public var concurrency: Int
        /// Handshakes completed.
        public var handshakes: Int
        /// Failed ones.
        public var failed: Int
        /// Wall time, seconds.
        public var seconds: Double
        /// Handshakes per second.
        public var perSecond: Double { seconds > 0 ? Double(handshakes) / seconds : 0 }
    }

    /// Stapled handshakes per second at zero delay through client, link, server and staple
    /// verification, at each concurrency (the trace off, as it would only measure its own lock).
    public static func throughput(concurrencies: [Int], handshakes: Int,
                                  progress: @escaping @Sendable (String) -> Void = { _ in }) async -> [ThroughputRow] {
        var rows: [ThroughputRow] = []
        for concurrency in concurrencies {
            progress("harness, concurrency \(concurrency)")
            let run = scenario(rtt: .zero, modes: [.stapled], handshakes: handshakes, warmup: max(2, concurrency),
                               concurrency: concurrency, clientCache: true)
            let result = await RunEngine(scenario: run, options: RunOptions(recordTrace: false, parallel: 1)).run()
            guard let part = result.parts.first else { continue }
            let counted = part.records.filter { !$0.warmup }
            rows.append(ThroughputRow(setting: "harness (stapled, verified)", concurrency: concurrency,
                                      handshakes: counted.filter { $0.outcome == .connected }.count,
                                      failed: counted.filter { $0.outcome != .connected }.count, seconds: part.countedSeconds))
        }
        return rows
    }

    /// `openssl s_time -new` against `openssl s_server` on this machine, when `openssl` is installed.
    public static func opensslSTime(seconds: Int) -> ThroughputRow? {
        guard let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let folder = NSTemporaryDirectory() + "staplebench-stime-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard let made = try? TestPKI.make(.init(sites: [.init(host: "example.com")], ocspURL: "http://127.0.0.1/")),
              (try? made.write(to: folder)) != nil else { return nil }
        let pki = (cert: folder + "/example.com.pem", key: folder + "/example.com.key")
        let port = 20_000 + Int.random(in: 0..<20_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: openssl)
        server.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", pki.cert, "-key", pki.key, "-www", "-quiet"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        guard (try? server.run()) != nil else { return nil }
        defer {
            // SIGKILL: a child spawned from a thread that blocks SIGTERM inherits the block.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        Thread.sleep(forTimeInterval: 0.5)
        let client = Process()
        client.executableURL = URL(fileURLWithPath: openssl)
        client.arguments = ["s_time", "-connect", "127.0.0.1:\(port)", "-new", "-time", String(seconds)]
        let pipe = Pipe()
        client.standardOutput = pipe
        client.standardError = FileHandle.nullDevice
        guard (try? client.run()) != nil else { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        client.waitUntilExit()
        // "1234 connections in 5.01s; 246.31 connections/user sec" and "1234 connections in 5 real seconds"
        for line in output.split(separator: "\n") where line.contains("real seconds") {
            let words = line.split(separator: " ")
            if let count = Int(words[0]), let secondsIndex = words.firstIndex(of: "in"), secondsIndex + 1 < words.count,
               let real = Double(words[secondsIndex + 1]) {
                return ThroughputRow(setting: "openssl s_time -new → s_server", concurrency: 1, handshakes: count, failed: 0,
                                     seconds: real)
            }
        }
        return nil
    }

    // MARK: - Scale and the cost of delay

    /// A large concurrent run: wall time, peak memory, failures.
    public struct ScaleRow: Sendable {
        /// What was run.
        public var setting: String
        /// Counted handshakes.
        public var handshakes: Int
        /// Connections in flight.
        public var concurrency: Int
        /// Every link's RTT, ms.
        public var rttMs: Double
        /// Failed (not connected).
        public var failed: Int
        /// Wall time of the counted connections, seconds.
        public var seconds: Double
        /// Peak resident memory of this process so far, MB.
        public var peakResidentMB: Double
        /// p50 time to first byte, ms.
        public var p50Ms: Double?
    }

    /// `handshakes` connections of `mode` at `rtt` with `concurrency` in flight.
    public static func scale(mode: Scenario.Mode, handshakes: Int, concurrency: Int, rtt: Delay,
                             recordTrace: Bool = true) async -> ScaleRow {
        let run = scenario(rtt: rtt, modes: [mode], handshakes: handshakes, warmup: 2, concurrency: concurrency)
        let result = await RunEngine(scenario: run, options: RunOptions(recordTrace: recordTrace, parallel: 1)).run()
        let part = result.parts.first
        let counted = part?.records.filter { !$0.warmup } ?? []
        return ScaleRow(setting: "\(mode.rawValue), \(handshakes) handshakes", handshakes: counted.count,
                        concurrency: concurrency, rttMs: rtt.milliseconds,
                        failed: counted.filter { $0.outcome != .connected }.count, seconds: part?.countedSeconds ?? 0,
                        peakResidentMB: peakResidentMB(), p50Ms: RunWriter.summary(result).rows.first?.p50Ms)
    }

    /// The process's peak resident set size, MB (getrusage).
    public static func peakResidentMB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}


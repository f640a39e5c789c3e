import ArgumentParser
import Foundation
import StapleCore
import StapleEngine
import StapleReport
import StapleTLS
import StaplePKI
import StapleSim

/// `staplebench bench`: figures that prove the numbers.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Print figures that prove the numbers: TLS speed, fidelity of the delay model, throughput, scale, cost of delay.",
        discussion: """
            Figures, not tests: nothing fails when the machine is slow. Build with -c release for \
            meaningful numbers: swift run -c release staplebench bench. Each part prints a table and \
            writes Results/bench/PART-UTC-TIMESTAMP.csv.

            - tls: full TLS 1.3 handshakes/s in one thread over memory BIOs: no status, staple, \
            staple + verification (the floor the harness is measured against)
            - fidelity: for client↔server RTT 1…200 ms and each mode: measured p50 time to first byte \
            against the model plus the zero-delay baseline (goal: ratio 1.000 ± 0.005 from \
            20 ms up, |gap| under 0.5 ms below); a warm-up first, then zero-delay baselines \
            interleaved with the points (a disturbed one measured again), hop lateness \
            p50/p99, 95% intervals; where the gap goes, read from the wire along each \
            handshake's critical path (the links' excess over the model, the endpoints' \
            time and its slowdown against the baseline) and an idle-work table (one \
            in-memory handshake after 0…50 ms of sleep); --repeat N (1…10): N whole \
            measurements and the largest difference between them at every point
            - throughput: stapled handshakes/s through the whole harness at zero delay, concurrency 1, \
            16 and 256, beside the memory-BIO floor and openssl s_time → s_server
            - scale: 1,000 concurrent classic handshakes at 50 ms RTT: wall time, peak memory, failures
            - delay: 10,000 handshakes at 100 ms RTT, concurrency 500: wall time against the CPU-bound time
            - soak: the responder over --requests real HTTP GETs (default 1,000,000) and the TLS server \
            over --tls-handshakes full handshakes (default 100,000), as `serve` runs them: \
            resident memory every tenth of the way and its growth after the first tenth \
            (not part of `all`: it takes minutes)
            - simulate: simulated handshakes/s on one core and peak memory for 10^6 and 10^8 handshakes \
            (`staplebench simulate`; goal: at least 10 million a minute, memory set by the caches)
            """)

    enum Part: String, ExpressibleByArgument, CaseIterable {
        case tls, fidelity, throughput, scale, delay, soak, simulate, all
    }

    @Argument(help: "Which part: tls, fidelity, throughput, scale, delay, soak, simulate or all (all but soak).")
    var part: Part = .all

    @Option(help: "soak: HTTP requests to the responder.")
    var requests = 1_000_000

    @Option(help: "soak: TLS handshakes with the server.")
    var tlsHandshakes = 100_000

    @Option(help: "Counted handshakes per fidelity point and mode (2 to 1000).")
    var handshakes = 20

    @Option(name: .customLong("repeat"),
            help: "fidelity: whole measurements to make (1 to 10); with 2 or more, the largest difference between repeats at every point.")
    var repeats = 1

    @Option(help: "Where the CSVs go.")
    var out = "Results/bench"

    func validate() throws {
        for (name, value) in [("--requests", requests), ("--tls-handshakes", tlsHandshakes)] where !Bench.soakRange.contains(value) {
            throw ValidationError("\(name) must be \(Bench.soakRange.lowerBound) to \(Bench.soakRange.upperBound) (got \(value))")
        }
        for (name, value, range) in [("--handshakes", handshakes, Bench.fidelityHandshakesRange),
                                     ("--repeat", repeats, Bench.fidelityRepeatRange)] where !range.contains(value) {
            throw ValidationError("\(name) must be \(range.lowerBound) to \(range.upperBound) (got \(value))")
        }
    }

    func run() async throws {
        #if DEBUG
        printError("note: this is a debug build; for meaningful figures run: swift run -c release staplebench bench")
        #endif
        say("StapleBench bench on \(MachineInfo.current().hostname), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(OpenSSLError.libraryVersion)")
        let parts: [Part] = part == .all ? [.tls, .fidelity, .throughput, .scale, .delay, .simulate] : [part]
        var floor: Double?
        for part in parts {
            say("")
            switch part {
            case .tls: floor = try tls()
            case .fidelity: try await fidelity()
            case .throughput: try await throughput(floor: floor)
            case .scale: try await scale()
            case .delay: try await delay(floor: floor)
            case .soak: try await soak()
            case .simulate: try simulate()
            case .all: break
            }
        }
    }

    private func write(_ name: String, _ table: CSVTable) throws {
        let path = "\(out)/\(name)-\(RunWriter.timestamp()).csv"
        try AtomicFile.write(table.text, to: path)
        say("(wrote \(path))")
    }

    /// The first column left-aligned, the others right-aligned (numbers).
    private static func align(_ count: Int) -> [TextTable.Alignment] {
        [.left] + Array(repeating: .right, count: count - 1)
    }

    private static func f(_ value: Double?, _ decimals: Int = 1) -> String {
        value.flatMap { FixedPoint.string($0, decimals: decimals) } ?? "-"
    }

    @discardableResult
    private func tls() throws -> Double? {
        say("TLS 1.3 full handshakes in one thread over memory BIOs (ECDSA P-256, X25519)")
        let results = try Bench.tls(count: 2000)
        var table = TextTable(header: ["variant", "handshakes", "seconds", "per second"], alignments: Self.align(["variant", "handshakes", "seconds", "per second"].count))
        var csv = CSVTable(header: ["variant", "handshakes", "seconds", "per_second"])
        for result in results {
            table.append([result.variant.rawValue, String(result.handshakes), Self.f(result.seconds, 3), Self.f(result.perSecond, 0)])
            csv.append([result.variant.rawValue, String(result.handshakes), Self.f(result.seconds, 3), Self.f(result.perSecond, 1)])
        }
        say(table.text)
        try write("tls", csv)
        return results.first { $0.variant == .stapleVerified }?.perSecond
    }

    private func fidelity() async throws {
        say("Fidelity: measured p50 time to first byte vs the delay model + the zero-delay baseline (\(handshakes) handshakes per point)")
        say("Order: warm-up (discarded), then baseline, point, baseline, point, …, baseline; each point against the two baselines")
        say("around it, pooled. \(FidelityBaseline.rule).")
        var measurements: [FidelityMeasurement] = []
        for index in 1...repeats {
            if repeats > 1 { say("\nRepeat \(index) of \(repeats)") }
            let measurement = await Bench.fidelity(rttsMs: [1, 5, 20, 50, 100, 200], handshakes: handshakes) { printError("  \($0)…") }
            try fidelityTables(measurement, repeatIndex: repeats > 1 ? index : nil)
            measurements.append(measurement)
        }
        if repeats > 1 { try fidelityRepeats(FidelityRepeats(measurements.map(\.rows))) }
        try idleWork()
    }

    /// Where each point's gap goes: the links' excess over the model and the endpoints' slowdown.
    private func fidelitySplit(_ measurement: FidelityMeasurement, repeatText: String) throws {
        say("Where the gap goes, read from the wire in the same handshakes along each one's critical path (p50s, ms).")
        say("on links − model: what the links added beyond the injected delays (the harness's own error). endpoints:")
        say("the rest of the time to first byte (the endpoints' work, loopback transfers, wake-ups); slowdown:")
        say("endpoints − the zero-delay baseline, the same work run slower between delayed hops than back to back")
        say("(see the idle-work table below).")
        let header = ["RTT ms", "mode", "gap ms", "on links − model", "on links / model", "endpoints", "baseline", "slowdown"]
        var table = TextTable(header: header, alignments: Self.align(header.count))
        var csv = CSVTable(header: ["repeat", "rtt_ms", "mode", "gap_ms", "link_excess_ms", "link_ratio", "endpoint_ms", "baseline_p50_ms",
                                    "endpoint_slowdown_ms"])
        for row in measurement.rows {
            table.append([Self.f(row.rttMs, 0), row.mode, Self.f(row.gapMs, 2), Self.f(row.linkExcessMs, 2),
                          Self.f(row.linkRatio, 4), Self.f(row.endpointMs, 2), Self.f(row.baselineMs, 2), Self.f(row.endpointSlowdownMs, 2)])
            csv.append([repeatText, Self.f(row.rttMs, 0), row.mode, Self.f(row.gapMs, 3), Self.f(row.linkExcessMs, 3),
                        Self.f(row.linkRatio, 5), Self.f(row.endpointMs, 3), Self.f(row.baselineMs, 3), Self.f(row.endpointSlowdownMs, 3)])
        }
        say(table.text)
        try write("fidelity-split", csv)
    }

    /// The same CPU work after a pause: why the endpoints slow down between delayed hops.
    private func idleWork() throws {
        say("\nIdle work: one in-memory TLS 1.3 handshake (staple verified), timed alone after the thread slept (ms):")
        let rows = try Bench.idleWork(pausesMs: [0, 1, 5, 20, 50], count: 100)
        let header = ["pause ms", "handshakes", "p50 ms", "p90 ms", "p50 / back to back"]
        var table = TextTable(header: header, alignments: Self.align(header.count))
        var csv = CSVTable(header: ["pause_ms", "handshakes", "p50_ms", "p90_ms", "p50_ratio"])
        let first = rows.first?.p50Ms
        for row in rows {
            let ratio = first.flatMap { base in row.p50Ms.map { $0 / base } }
            table.append([Self.f(row.pauseMs, 0), String(row.handshakes), Self.f(row.p50Ms, 3), Self.f(row.p90Ms, 3),
                          Self.f(ratio, 2)])
            csv.append([Self.f(row.pauseMs, 0), String(row.handshakes), Self.f(row.p50Ms, 4), Self.f(row.p90Ms, 4),
                        Self.f(ratio, 3)])
        }
        say(table.text)
        try write("idle-work", csv)
    }

    private func fidelityTables(_ measurement: FidelityMeasurement, repeatIndex: Int?) throws {
        let header = ["RTT ms", "mode", "measured", "95% CI", "model", "baseline", "model+base", "gap ms", "ratio",
                      "hop late p50 µs", "p99 µs", "loop lag p50 µs", "p99 µs"]
        var table = TextTable(header: header, alignments: Self.align(header.count))
        var csv = CSVTable(header: ["repeat", "rtt_ms", "mode", "measured_p50_ms", "measured_ci_low_ms", "measured_ci_high_ms",
                                    "model_ms", "baseline_p50_ms", "baseline_disturbed", "gap_ms", "ratio",
                                    "hop_lateness_p50_us", "hop_lateness_p99_us", "hop_deliveries",
                                    "loop_lag_p50_us", "loop_lag_p99_us"])
        let repeatText = String(repeatIndex ?? 1)
        for row in measurement.rows {
            let interval = row.measuredInterval.map { "[\(Self.f($0.lower)), \(Self.f($0.upper))]" } ?? "-"
            table.append([Self.f(row.rttMs, 0), row.mode, Self.f(row.measuredMs), interval, Self.f(row.modelMs),
                          Self.f(row.baselineMs) + (row.baselineDisturbed ? "*" : ""),
                          Self.f(row.modelMs + row.baselineMs), Self.f(row.gapMs, 2), Self.f(row.ratio, 3),
                          Self.f(row.lateness?.p50Microseconds, 0), Self.f(row.lateness?.p99Microseconds, 0),
                          Self.f(row.loopLag?.p50Microseconds, 0), Self.f(row.loopLag?.p99Microseconds, 0)])
            csv.append([repeatText, Self.f(row.rttMs, 0), row.mode, Self.f(row.measuredMs, 3), Self.f(row.measuredInterval?.lower, 3),
                        Self.f(row.measuredInterval?.upper, 3), Self.f(row.modelMs, 3),
                        Self.f(row.baselineMs, 3), CSVWriter.yesNo(row.baselineDisturbed), Self.f(row.gapMs, 3), Self.f(row.ratio, 4),
                        Self.f(row.lateness?.p50Microseconds, 1), Self.f(row.lateness?.p99Microseconds, 1),
                        row.lateness.map { String($0.count) } ?? "",
                        Self.f(row.loopLag?.p50Microseconds, 1), Self.f(row.loopLag?.p99Microseconds, 1)])
        }
        say("baseline: the zero-delay baselines before and after the point, pooled; one still disturbed is left out when the")
        say("other is not (*: both were still disturbed). hop late: how long after its deadline each delayed chunk went out")
        say("through a front door (all modes of the point). loop lag: how late a plain 10 ms timer ran on the same event")
        say("loops during the point (no compensation: what a step that is not a delayed delivery waits to wake up).")
        say("\(Bootstrap.method).")
        say(table.text)
        try write("fidelity", csv)
        let modes = Bench.fidelityModes.map(\.rawValue)
        let baseHeader = ["baseline (no delay)"] + modes.map { "\($0) p50" } + modes.map { "\($0) p90" } + ["measured", "note"]
        var baseTable = TextTable(header: baseHeader, alignments: Self.align(baseHeader.count - 1) + [.left])
        var baseCSV = CSVTable(header: ["repeat", "baseline", "mode", "p50_ms", "p90_ms", "handshakes", "attempts", "rejected", "disturbed"])
        for baseline in measurement.baselines {
            let note = ((baseline.rejections.isEmpty ? [] : ["measured again after: " + baseline.rejections.joined(separator: "; ")])
                + (baseline.disturbance.map { ["kept the least disturbed, still: \($0)"] } ?? [])).joined(separator: "; ")
            baseTable.append([baseline.label] + modes.map { Self.f(baseline.p50($0), 2) }
                             + modes.map { Self.f(baseline.samples[$0]?.percentile(90), 2) } + ["\(baseline.attempts)×", note])
            for mode in modes {
                baseCSV.append([repeatText, baseline.label, mode, Self.f(baseline.p50(mode), 3),
                                Self.f(baseline.samples[mode]?.percentile(90), 3), baseline.samples[mode].map { String($0.count) } ?? "",
                                String(baseline.attempts), baseline.rejections.joined(separator: "; "),
                                CSVWriter.yesNo(baseline.disturbance != nil)])
            }
        }
        let repeated = measurement.baselines.filter { $0.attempts > 1 }.count
        say("Zero-delay baselines, ms (\(repeated) of \(measurement.baselines.count) measured again as disturbed):")
        say(baseTable.text)
        try write("fidelity-baselines", baseCSV)
        try fidelitySplit(measurement, repeatText: repeatText)
    }

    private func fidelityRepeats(_ repeats: FidelityRepeats) throws {
        say("\nLargest difference between the \(self.repeats) repeats at every point (max − min; goal: p50 within 0.5 ms,")
        say("baselines within 0.3 ms):")
        let header = ["RTT ms", "mode", "measured p50s", "Δ p50 ms", "Δ baseline ms", "Δ gap ms", "Δ ratio",
                      "Δ on links − model ms"]
        var table = TextTable(header: header, alignments: Self.align(header.count))
        var csv = CSVTable(header: ["rtt_ms", "mode", "repeats", "measured_p50s_ms", "p50_spread_ms", "baseline_spread_ms",
                                    "gap_spread_ms", "ratio_spread", "link_excess_spread_ms"])
        for point in repeats.points {
            let p50s = point.measuredMs.map { Self.f($0) }.joined(separator: " / ")
            table.append([Self.f(point.rttMs, 0), point.mode, p50s, Self.f(point.measuredSpreadMs, 2), Self.f(point.baselineSpreadMs, 2),
                          Self.f(point.gapSpreadMs, 2), Self.f(point.ratioSpread, 4), Self.f(point.linkExcessSpreadMs, 2)])
            csv.append([Self.f(point.rttMs, 0), point.mode, String(point.repeats), point.measuredMs.map { Self.f($0, 3) }.joined(separator: " "),
                        Self.f(point.measuredSpreadMs, 3), Self.f(point.baselineSpreadMs, 3), Self.f(point.gapSpreadMs, 3),
                        Self.f(point.ratioSpread, 5), Self.f(point.linkExcessSpreadMs, 3)])
        }
        say(table.text)
        say("Largest: Δ p50 \(Self.f(repeats.largestMeasuredSpreadMs, 2)) ms, Δ baseline \(Self.f(repeats.largestBaselineSpreadMs, 2)) ms.")
        try write("fidelity-repeats", csv)
    }

    private func throughput(floor: Double?) async throws {
        say("Throughput: stapled handshakes per second at zero delay through client, link, server and staple verification")
        var rows = await Bench.throughput(concurrencies: [1, 16, 256], handshakes: 2000) { printError("  \($0)…") }
        let floorValue = try floor ?? Bench.tls(count: 2000).first { $0.variant == .stapleVerified }?.perSecond
        if let stime = Bench.opensslSTime(seconds: 5) { rows.append(stime) }
        var table = TextTable(header: ["setting", "concurrency", "handshakes", "failed", "seconds", "per second", "× floor"], alignments: Self.align(["setting", "concurrency", "handshakes", "failed", "seconds", "per second", "× floor"].count))
        var csv = CSVTable(header: ["setting", "concurrency", "handshakes", "failed", "seconds", "per_second"])
        for row in rows {
            table.append([row.setting, String(row.concurrency), String(row.handshakes), String(row.failed), Self.f(row.seconds, 2),
                          Self.f(row.perSecond, 0), floorValue.map { Self.f(row.perSecond / $0, 2) } ?? "-"])
            csv.append([row.setting, String(row.concurrency), String(row.handshakes), String(row.failed), Self.f(row.seconds, 3),
                        Self.f(row.perSecond, 1)])
        }
        if let floorValue {
            table.append(["floor: memory BIOs, one thread, no network", "1", "-", "-", "-", Self.f(floorValue, 0), "1.00"])
            csv.append(["memory-bio floor", "1", "", "", "", Self.f(floorValue, 1)])
        }
        say(table.text)
        try write("throughput", csv)
    }

    private func scale() async throws {
        say("Scale: 1,000 concurrent classic handshakes at 50 ms RTT")
        let row = await Bench.scale(mode: .classic, handshakes: 1000, concurrency: 1000, rtt: .milliseconds(50))
        try report([row], name: "scale")
    }

    private func delay(floor: Double?) async throws {
        say("Cost of delay: 10,000 stapled handshakes at 100 ms RTT, concurrency 500")
        let row = await Bench.scale(mode: .stapled, handshakes: 10_000, concurrency: 500, rtt: .milliseconds(100), recordTrace: false)
        try report([row], name: "delay")
        let serial = Double(row.handshakes) * 0.4
        say("If each waited its turn: \(Self.f(serial, 0)) s (4 RTTs each); measured \(Self.f(row.seconds, 1)) s.")
        let floorValue = try floor ?? Bench.tls(count: 1000).first { $0.variant == .stapleVerified }?.perSecond
        if let floorValue {
            say("CPU-bound time at the memory-BIO floor (\(Self.f(floorValue, 0))/s): \(Self.f(Double(row.handshakes) / floorValue, 1)) s.")
        }
    }

    private func soak() async throws {
        say("Soak: memory of the long-running actors as `serve` runs them (resident MB every tenth of the way)")
        let progress: @Sendable (Int) -> Void = { done in printError("  \(done)…") }
        let rows = [
            try await Bench.soakResponder(requests: requests, progress: progress),
            try await Bench.soakServer(handshakes: tlsHandshakes, progress: progress),
        ]
        let header = ["setting", "operations", "answered", "seconds", "per second", "start MB", "at 10 % MB", "end MB",
                      "growth MB", "KB per 100k"]
        var table = TextTable(header: header, alignments: Self.align(header.count))
        var csv = CSVTable(header: ["setting", "operations", "answered", "seconds", "start_mb", "samples", "growth_mb",
                                    "growth_kb_per_100k"])
        for row in rows {
            table.append([row.setting, String(row.operations), String(row.answered), Self.f(row.seconds, 1),
                          Self.f(row.seconds > 0 ? Double(row.operations) / row.seconds : 0, 0), Self.f(row.startMB),
                          Self.f(row.samples.first?.residentMB), Self.f(row.samples.last?.residentMB), Self.f(row.growthMB),
                          Self.f(row.growthKBPer100k)])
            csv.append([row.setting, String(row.operations), String(row.answered), Self.f(row.seconds, 3), Self.f(row.startMB, 1),
                        row.samples.map { "\($0.done):\(Self.f($0.residentMB, 1))" }.joined(separator: " "),
                        Self.f(row.growthMB, 2), Self.f(row.growthKBPer100k, 1)])
        }
        say(table.text)
        try write("soak", csv)
    }

    private func simulate() throws {
        say("Simulation: handshakes per second on one core and peak memory (10,000 clients × 10,000 sites, lazy servers)")
        let header = ["handshakes", "seconds", "per second", "per minute", "cache entries", "peak RSS MB"]
        var table = TextTable(header: header, alignments: Self.align(header.count))
        var csv = CSVTable(header: ["handshakes", "seconds", "per_second", "cache_entries", "peak_rss_mb"])
        for count in [1_000_000, 100_000_000] {
            printError("  \(count) handshakes…")
            let row = SimulationBench.run(handshakes: count)
            table.append([String(row.handshakes), Self.f(row.seconds, 2), Self.f(row.perSecond, 0), Self.f(row.perSecond * 60, 0),
                          String(row.cacheEntries), Self.f(row.peakResidentMB, 0)])
            csv.append([String(row.handshakes), Self.f(row.seconds, 3), Self.f(row.perSecond, 1), String(row.cacheEntries),
                        Self.f(row.peakResidentMB, 1)])
        }
        say(table.text)
        try write("simulate", csv)
    }

    private func report(_ rows: [Bench.ScaleRow], name: String) throws {
        var table = TextTable(header: ["setting", "concurrency", "RTT ms", "handshakes", "failed", "seconds", "per second", "p50 ms", "peak RSS MB"], alignments: Self.align(["setting", "concurrency", "RTT ms", "handshakes", "failed", "seconds", "per second", "p50 ms", "peak RSS MB"].count))
        var csv = CSVTable(header: ["setting", "concurrency", "rtt_ms", "handshakes", "failed", "seconds", "per_second", "p50_ms", "peak_rss_mb"])
        for row in rows {
            let rate = row.seconds > 0 ? Double(row.handshakes) / row.seconds : 0
            table.append([row.setting, String(row.concurrency), Self.f(row.rttMs, 0), String(row.handshakes), String(row.failed),
                          Self.f(row.seconds, 2), Self.f(rate, 0), Self.f(row.p50Ms), Self.f(row.peakResidentMB, 0)])
            csv.append([row.setting, String(row.concurrency), Self.f(row.rttMs, 0), String(row.handshakes), String(row.failed),
                        Self.f(row.seconds, 3), Self.f(rate, 1), Self.f(row.p50Ms, 3), Self.f(row.peakResidentMB, 1)])
        }
        say(table.text)
        try write(name, csv)
    }
}

/// Writes a line to standard output at once (figures appear as they are measured, also in a pipe).
private func say(_ text: String = "") {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

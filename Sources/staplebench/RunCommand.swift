import ArgumentParser
import Foundation
import StapleEngine
import StapleReport
import StapleCore
import Synchronization

/// `staplebench run`: the main job.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenarios: classic OCSP vs stapled handshakes under the scenario's delays and faults.",
        discussion: """
            For every sweep point and mode of a scenario, StapleBench makes a fresh PKI, starts the \
            resolver, the OCSP responder, the TLS server and a link before each, runs the warm-up and \
            the counted connections, and folds what happened into records. It prints a comparison \
            table (per mode: handshakes, failures, p50/p90/p99 time to first byte beside the delay \
            model's prediction, responder requests) and who learned which hostname, and writes \
            handshakes.csv, summary.csv, privacy.csv, responder.csv, events.csv, scenario.yaml, \
            meta.json and report.html into the run folder (Results/README.md documents them).

            With no scenario it runs Scenarios/classic-vs-stapled.yaml. Ctrl-C stops the run, keeps \
            every finished connection, and marks the run incomplete in meta.json; a connection it cuts \
            is counted as interrupted, not as a failure. The folder is written as the run goes: \
            meta.json (marked incomplete) and scenario.yaml first, each part's rows as it finishes, \
            every file replaced at the end and meta.json, complete, last — a killed run keeps its \
            finished parts.

            Parts (sweep point × mode) are independent and run several at once (--parallel); the \
            results are gathered in the serial order and have the same shape as a serial run. The \
            default is min(parts, 4 × cores, 64 × cores ÷ concurrency). With nginx, Apache or a real \
            client (curl, gnutls, chromium, firefox) parts always run one at a time: those programs \
            listen on fixed ports that two parts in flight would share.

            Saturation guard: the event loops' timer lag is measured during every run. A part is \
            saturated when its p99 lag exceeds max(1 ms, 10 % of the smallest modelled time to first \
            byte of the part): its times then measure this machine's CPU as well as the delays. The \
            run prints a warning naming the setting to lower (--parallel, then --concurrency), \
            meta.json's "saturation" says so and report.html shows a note. A default --parallel is \
            halved for the parts still to start each time a part finishes saturated.

            Memory does not grow with --handshakes: the attempts are made as they start, and a part \
            of more than 10,000 attempts runs in pieces of 100 attempts (at least twice the concurrency) whose rows (handshakes.csv, events.csv, \
            responder.csv) are appended as each piece ends, in the order pieces finish; only exact \
            counts, the privacy rows' counts, the first counted piece (for the diagrams) and a \
            uniform sample of 10,000 counted handshakes (algorithm R, seeded) stay in memory. The \
            percentiles, their intervals and the CDF chart of such a part come from that sample; \
            its counts are exact. A part of at most 10,000 attempts is kept whole and exact.

            --precision 1ms runs each part's counted handshakes in rounds (the scenario's \
            handshakes, then doubling, up to --max-handshakes, default \(PrecisionGoal.defaultMaxHandshakes)) \
            until the 95 % bootstrap intervals of its p50 and p90 are both narrower than asked. The \
            progress line and meta.json's "precision" say, per part, whether it was reached and \
            with how many handshakes. Every record of such a part is kept (the bound is at most \
            \(PrecisionGoal.maxHandshakesRange.upperBound)).
            """)

    @Argument(help: "Scenario files to run, one after the other (default: Scenarios/classic-vs-stapled.yaml).")
    var scenarios: [String] = []

    @Option(name: .customLong("out"), help: "The run folder (default: Results/SCENARIO/UTC-TIMESTAMP). With several scenarios, a folder per scenario is made inside it.")
    var out: String?

    @Option(help: "Override workload.handshakes (counted connections per mode and sweep point).")
    var handshakes: Int?

    @Option(help: "Override workload.concurrency (connections in flight at once).")
    var concurrency: Int?

    @Option(help: "Override the scenario's random seed.")
    var seed: UInt64?

    @Option(help: "Parts (sweep point × mode) run at once, \(RunOptions.parallelRange.lowerBound) to \(RunOptions.parallelRange.upperBound) (default: min(parts, 4 × cores, 64 × cores ÷ concurrency); see below).")
    var parallel: Int?

    @Option(help: ArgumentHelp("Keep adding handshakes to each part, in rounds, until the 95 % intervals of its p50 and p90 time to first byte are both narrower than this (a duration: 1ms, 500us), up to --max-handshakes.", valueName: "duration"))
    var precision: String?

    @Option(help: "With --precision: the most counted handshakes per part, \(PrecisionGoal.maxHandshakesRange.lowerBound) to \(PrecisionGoal.maxHandshakesRange.upperBound) (default \(PrecisionGoal.defaultMaxHandshakes)).")
    var maxHandshakes: Int?

    @Flag(help: "Print only the results, no progress.")
    var quiet = false

    func validate() throws {
        let handshakesRange = Scenario.Workload.handshakesRange, concurrencyRange = Scenario.Workload.concurrencyRange
        if let handshakes, !handshakesRange.contains(handshakes) {
            throw ValidationError("--handshakes must be \(handshakesRange.lowerBound) to \(handshakesRange.upperBound) (got \(handshakes))")
        }
        if let concurrency, !concurrencyRange.contains(concurrency) {
            throw ValidationError("--concurrency must be \(concurrencyRange.lowerBound) to \(concurrencyRange.upperBound) (got \(concurrency))")
        }
        _ = try precisionGoal()
        let parallelRange = RunOptions.parallelRange
        if let parallel, !parallelRange.contains(parallel) {
            throw ValidationError("--parallel must be \(parallelRange.lowerBound) to \(parallelRange.upperBound) (got \(parallel))")
        }
    }

    /// `--precision` and `--max-handshakes` as a goal (nil without `--precision`).
    func precisionGoal() throws -> PrecisionGoal? {
        let bounds = PrecisionGoal.maxHandshakesRange
        if let maxHandshakes, !bounds.contains(maxHandshakes) {
            throw ValidationError("--max-handshakes must be \(bounds.lowerBound) to \(bounds.upperBound) (got \(maxHandshakes))")
        }
        guard let precision else {
            if maxHandshakes != nil { throw ValidationError("--max-handshakes goes with --precision; add --precision 1ms (or another width)") }
            return nil
        }
        let widths = PrecisionGoal.widthRange
        guard let delay = try? Delay(parsing: precision), widths.contains(delay.milliseconds) else {
            throw ValidationError("--precision must be a duration from 1us to 10s, such as 1ms or 500us (got '\(precision)')")
        }
        if handshakes != nil { throw ValidationError("--precision decides the handshakes; leave out --handshakes") }
        return PrecisionGoal(widthMs: delay.milliseconds, maxHandshakes: maxHandshakes ?? PrecisionGoal.defaultMaxHandshakes)
    }

    func run() async throws {
        let files = scenarios.isEmpty ? [ScenarioLoader.defaultScenarioPath] : scenarios
        // Every file must be valid before anything starts.
        var loaded: [Scenario] = []
        var problems: [String] = []
        for file in files {
            if !FileManager.default.fileExists(atPath: file) {
                problems.append("\(file): no such file" + (scenarios.isEmpty
                    ? "; run from the StapleBench folder (where Scenarios/ is) or pass a scenario path" : ""))
                continue
            }
            do {
                var scenario = try ScenarioLoader.load(path: file)
                scenario = RunOptions(handshakes: handshakes, concurrency: concurrency, seed: seed).applied(to: scenario)
                let issues = scenario.problems()
                if !issues.isEmpty {
                    problems += issues.map { "\(file): after --handshakes/--concurrency: \($0)" }
                }
                loaded.append(scenario)
            } catch {
                problems.append(error.description)
            }
        }
        // Every output folder must be writable, and no earlier run overwritten, before anything starts.
        let folders = loaded.map { scenario in
            out.map { loaded.count == 1 ? $0 : "\($0)/\(scenario.name)" } ?? RunWriter.defaultFolder(for: scenario.name)
        }
        for folder in Set(folders).sorted() {
            if let problem = OutputFolderCheck.problem(with: folder) { problems.append("--out: \(problem)") }
        }
        if Set(folders).count < folders.count {
            problems.append("--out: two scenarios would write the same folder; give them different names")
        }
        if !problems.isEmpty {
            for problem in problems { printError(problem) }
            throw ExitCode(ExitStatus.badInput)
        }

        var status = ExitStatus.ok
        for (scenario, folder) in zip(loaded, folders) {
            let result = await runOne(scenario, folder: folder)
            if result == ExitStatus.interrupted { return exitWith(ExitStatus.interrupted) }
            if result != ExitStatus.ok { status = result }
        }
        if status != ExitStatus.ok { throw ExitCode(status) }
    }

    private func exitWith(_ code: Int32) { Foundation.exit(code) }

    /// Runs one scenario, prints its tables, writes its folder; returns the exit status.
    private func runOne(_ scenario: Scenario, folder: String) async -> Int32 {
        let options = RunOptions(outputDirectory: folder, commandLine: CommandLine.arguments, parallel: parallel,
                                 precision: try? precisionGoal())
        let engine = RunEngine(scenario: scenario, options: options)
        let progress = ProgressLine(quiet: quiet)
        if !quiet {
            let parts = scenario.sweepPointCount * scenario.modes.count
            let connections = options.precision.map { "up to \(scenario.workload.warmup + $0.maxHandshakes) connections (--precision)" }
                ?? "\(scenario.workload.total) connections"
            printError("Running \(scenario.name): \(parts) part(s) × \(connections)"
                       + (parts > 1 ? ", \(engine.parallelism) at once" : ""))
            if let population = scenario.simulation {
                // A file made for `simulate`: its population is not what `run` measures.
                printError("note: \(scenario.name) has a simulation: section (\(population.clients) clients × "
                           + "\(population.sites) sites); `staplebench simulate` simulates that population. "
                           + "`run` measures only the file's own small workload, for real.")
            }
        }
        // meta.json (marked incomplete) and scenario.yaml first, then each part's rows as it
        // finishes: a run killed at any point leaves a folder that says what it holds.
        let writer = RunWriter(folder: folder)
        do {
            try writer.begin(engine.scenario, started: Date(), commandLine: CommandLine.arguments)
        } catch {
            printError("could not start the run folder \(folder): \(error)")
            return ExitStatus.failed
        }
        let task = Task {
            var appendFailed = false
            // A part too long to keep whole hands over its rows a piece at a time.
            let pieceFailed = Mutex(false)
            let pieces: @Sendable (ModeRun, Instant) -> Void = { piece, origin in
                do {
                    try writer.append(piece, origin: origin)
                } catch {
                    if pieceFailed.withLock({ failed in defer { failed = true }; return !failed }) {
                        printError("could not add a piece's rows to \(folder): \(error)")
                    }
                }
            }
            return await engine.run(progress: progress.update, pieceFinished: pieces) { part, origin in
                do {
                    try writer.append(part, origin: origin)
                } catch where !appendFailed {
                    appendFailed = true
                    printError("could not add a part's rows to \(folder) (the final write will try again): \(error)")
                } catch {}
            }
        }
        let interrupts = InterruptHandler { task.cancel() }
        let result = await task.value
        progress.finish()

        let summary = RunWriter.summary(result)
        print("")
        print("\(scenario.name)\(result.complete ? "" : " (INCOMPLETE: \(result.stoppedEarly ?? "stopped"))")")
        let width = TerminalWidth.current(environment: ProcessInfo.processInfo.environment)
        print(RunPrintout.render(summary, ledgers: RunWriter.ledgers(result), history: RunWriter.history(result),
                                 addressNames: result.addressNames, width: width))
        if let warning = result.saturation.warning { printError("warning: \(warning)") }
        do {
            let paths = try writer.write(result, commandLine: CommandLine.arguments)
            let names = paths.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            print(LineWrap.wrap("Wrote \(paths.count) files to \(folder)/ (\(names))", width: width, indent: 2, after: ", ")
                .joined(separator: "\n"))
        } catch {
            printError("could not write the results to \(folder): \(error)")
            return ExitStatus.failed
        }
        _ = interrupts
        if interrupts.interrupted { return ExitStatus.interrupted }
        return result.complete ? ExitStatus.ok : ExitStatus.failed
    }
}

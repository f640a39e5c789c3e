import ArgumentParser
import Foundation
import StapleCore
import StapleEngine
import StapleReport
import StapleSim

/// `staplebench simulate SCENARIO`: the same behaviours as a run, simulated in virtual time.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a scenario in virtual time: responder load, latency from the delay model, privacy exposure.",
        discussion: """
            A discrete-event simulation of what a run does, with the servers' and clients' own cache
            and refresh rules (lazy, blocking, proactive; nextUpdate, max-age, retry windows, restarts),
            the responder's validity and outages, and the modes. Latency is the delay model's network
            time plus CPU costs measured by `staplebench bench tls`. Nothing is started; no network.

            Without population options, the scenario's own workload is replayed (the same attempts in
            the same order): its responder requests are what a run of the file counts.
            With a `simulation:` section in the file, or any of --clients, --sites, --duration,
            --visits-per-day, --zipf, --stapling-share, a population is simulated: every client visits
            sites as a Poisson process, each visit choosing a site by Zipf popularity (seeded).

            Writes summary.csv (a run's columns), simulation.csv, responder-load.csv,
            privacy-exposure.csv, scenario.yaml and report.html to --out
            (default Results/SCENARIO/sim-UTC-TIMESTAMP). Exit codes: 0 done; 2 bad input.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Simulated clients (\(Scenario.Simulation.clientsRange.lowerBound)–\(Scenario.Simulation.clientsRange.upperBound)).")
    var clients: Int?

    @Option(help: "Simulated sites, one certificate each (\(Scenario.Simulation.sitesRange.lowerBound)–\(Scenario.Simulation.sitesRange.upperBound)).")
    var sites: Int?

    @Option(help: "Simulated scenario time, e.g. 1d or 12h (1s–366d).")
    var duration: String?

    @Option(name: .customLong("visits-per-day"), help: "Visits per client per day (0.001–1000000).")
    var visitsPerDay: Double?

    @Option(help: "Zipf exponent of site popularity (0–5; 0: all sites equally popular).")
    var zipf: Double?

    @Option(name: .customLong("stapling-share"), help: "Share of sites whose server staples (0–1); repeat for several.")
    var staplingShare: [Double] = []

    @Option(help: "Override the scenario's random seed (0–2^64−1).")
    var seed: UInt64?

    @Option(name: .customLong("out"), help: "The output folder (default: Results/SCENARIO/sim-UTC-TIMESTAMP).")
    var out: String?

    @Flag(help: "Print only the results, no progress.")
    var quiet = false

    func validate() throws {
        typealias S = Scenario.Simulation
        if let clients, !S.clientsRange.contains(clients) {
            throw ValidationError("--clients must be \(S.clientsRange.lowerBound) to \(S.clientsRange.upperBound) (got \(clients))")
        }
        if let sites, !S.sitesRange.contains(sites) {
            throw ValidationError("--sites must be \(S.sitesRange.lowerBound) to \(S.sitesRange.upperBound) (got \(sites))")
        }
        if let duration { _ = try Self.duration(duration) }
        if let visitsPerDay, !S.visitsPerDayRange.contains(visitsPerDay) {
            throw ValidationError("--visits-per-day must be \(S.visitsPerDayRange.lowerBound) to \(Int(S.visitsPerDayRange.upperBound)) (got \(visitsPerDay))")
        }
        if let zipf, !S.zipfRange.contains(zipf) {
            throw ValidationError("--zipf must be \(S.zipfRange.lowerBound) to \(S.zipfRange.upperBound) (got \(zipf))")
        }
        for share in staplingShare where !(0...1).contains(share) {
            throw ValidationError("--stapling-share must be 0 to 1 (got \(share))")
        }
    }

    /// A `--duration` within the simulation's range.
    static func duration(_ text: String) throws -> Delay {
        let delay: Delay
        do { delay = try Delay(parsing: text) } catch { throw ValidationError("--duration: \(error)") }
        let range = Scenario.Simulation.durationRange
        guard range.contains(delay) else {
            throw ValidationError("--duration must be \(range.lowerBound) to \(range.upperBound) (got \(text))")
        }
        return delay
    }

    /// The population the options and the file ask for, or nil to replay the workload.
    func population(for scenario: Scenario) throws -> Scenario.Simulation? {
        let asked = clients != nil || sites != nil || duration != nil || visitsPerDay != nil || zipf != nil || !staplingShare.isEmpty
        guard asked || scenario.simulation != nil else { return nil }
        var population = scenario.simulation ?? Scenario.Simulation()
        if let clients { population.clients = clients }
        if let sites { population.sites = sites }
        if let duration { population.duration = try Self.duration(duration) }
        if let visitsPerDay { population.visitsPerDay = visitsPerDay }
        if let zipf { population.zipf = zipf }
        if !staplingShare.isEmpty { population.staplingShares = staplingShare }
        typealias S = Scenario.Simulation
        if population.clients * population.sites > S.maxPairs {
            throw ValidationError("clients × sites is \(population.clients * population.sites), more than \(S.maxPairs) "
                                  + "(the privacy ledger keeps a bit per pair); use fewer --clients or --sites")
        }
        if population.expectedVisits > S.maxExpectedVisits {
            throw ValidationError("clients × visits a day × days is \(Int(population.expectedVisits)) visits, more than "
                                  + "\(Int(S.maxExpectedVisits)); shorten --duration or use fewer --clients")
        }
        return population
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: scenario) else {
            printError("\(scenario): no such file")
            throw ExitCode(ExitStatus.badInput)
        }
        var loaded: Scenario
        do {
            loaded = try ScenarioLoader.load(path: scenario)
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.badInput)
        }
        if let seed { loaded.seed = seed }
        let population = try population(for: loaded)
        let folder = out ?? "Results/\(loaded.name)/sim-\(RunWriter.timestamp())"
        if let problem = OutputFolderCheck.problem(with: folder) {
            printError("--out: \(problem)")
            throw ExitCode(ExitStatus.badInput)
        }
        let result = Simulator(scenario: loaded, population: population).run { part in
            if !quiet { printError("  simulating \(part)…") }
        }
        let written = try SimulationWriter(folder: folder).write(result)
        print(Self.table(result))
        print("\(result.visits) handshakes in \(FixedPoint.string(result.wallSeconds, decimals: 2) ?? "-") s "
              + "(\(FixedPoint.string(result.visitsPerSecond, decimals: 0) ?? "-")/s), peak memory "
              + "\(FixedPoint.string(result.peakResidentMB, decimals: 0) ?? "-") MB")
        if !quiet { print("wrote \(written.count) files to \(folder)") }
    }

    /// The parts as a text table.
    static func table(_ result: SimulationResult) -> String {
        let header = ["point", "mode", "handshakes", "stapled", "p50 ms", "p90 ms", "responder req", "edge req/s",
                      "origin req/s", "origin peak/s", "scaled edge/s", "scaled origin/s", "CA pairs", "rev. B/handshake",
                      "exposure s"]
        var table = TextTable(header: header, alignments: [.left, .left] + Array(repeating: .right, count: header.count - 2))
        let f = { (value: Double?, decimals: Int) in value.flatMap { FixedPoint.string($0, decimals: decimals) } ?? "-" }
        for part in result.parts {
            let s = part.stats
            table.append([part.label, part.mode.rawValue, String(s.handshakes), String(s.stapled),
                          f(s.latency.percentile(50), 1), f(s.latency.percentile(90), 1), String(part.origin.totalRequests),
                          f(part.edge.meanPerSecond, 3), f(part.origin.meanPerSecond, 3), f(part.origin.peakPerSecond, 3),
                          f(part.edge.meanPerSecond * part.represents, 0), f(part.origin.meanPerSecond * part.represents, 0),
                          String(part.responderPairs), f(part.revocationFigures.bytesPerHandshake, 1),
                          part.revocationFigures.exposureText ?? "-"])
        }
        return table.text
    }
}

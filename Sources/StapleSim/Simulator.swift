import Foundation
import StapleCore
import StapleEngine
import StapleReport

/// `staplebench simulate`: a discrete-event simulation in virtual time of what a run does
/// (see ``SimulationCore``), either
///
/// - **the scenario's own workload**: the same attempts in the same order (warm-up, round-robin
///   over the visit cycle, concurrency, pace, restarts), each starting when the workload runner
///   would start it given the model's time for the ones before; or
/// - **a population** (`simulation:` in the file, or `--clients`/`--sites`/`--duration`):
///   clients visiting sites as Poisson processes with Zipf popularity, one simulation per
///   stapling share and mode.
public struct Simulator: Sendable {
    /// The scenario.
    public let scenario: Scenario
    /// The population, or nil to replay the workload.
    public let population: Scenario.Simulation?

    /// A simulator of `scenario`; `population` nil replays the scenario's workload.
    public init(scenario: Scenario, population: Scenario.Simulation?) {
        self.scenario = scenario
        self.population = population
    }

    /// Runs every part; `progress` gets each part's label and mode as it starts.
    public func run(progress: (String) -> Void = { _ in }) -> SimulationResult {
        let start = Instant.now()
        let parts = population.map { runPopulation($0, progress: progress) } ?? replayWorkload(progress: progress)
        return SimulationResult(scenario: scenario, population: population, parts: parts,
                                wallSeconds: Instant.now().milliseconds(since: start) / 1000,
                                peakResidentMB: Bench.peakResidentMB())
    }

    // MARK: - The scenario's own workload

    private func replayWorkload(progress: (String) -> Void) -> [SimulationPart] {
        var parts: [SimulationPart] = []
        var unions: [Scenario.Mode: (visited: PairSet, learned: PairSet)] = [:]
        for point in scenario.sweepPoints() {
            let s = point.scenario
            let cycle = s.visitCycle()
            let instances = Array(Set(cycle.map(\.client))).sorted()
            let clientIndex = Dictionary(uniqueKeysWithValues: instances.enumerated().map { ($1, $0) })
            let siteIndex = Dictionary(uniqueKeysWithValues: s.sites.enumerated().map { ($1.host, $0) })
            let kindOf = Dictionary(cycle.map { ($0.client, $0.clientIndex) }, uniquingKeysWith: { first, _ in first })
            let sites = s.sites.map { SimulationCore.SiteInfo(mustStaple: $0.mustStaple, status: $0.status,
                                                              intermediate: $0.intermediate, staples: true,
                                                              revokeAt: $0.revokeAt?.seconds) }
            let attempts = Attempt.plan(s)
            let restarts = Set(s.server.restarts)
            let concurrency = max(1, s.workload.concurrency)
            let pace = s.workload.pace.seconds
            for mode in s.modes {
                progress("\(point.label.isEmpty ? "" : point.label + " ")\(mode.rawValue)")
                let began = Instant.now()
                // The run's duration is only known once it is simulated: the load's buckets span
                // an estimate (every attempt one after the other at the slowest outcome), at least 1 s.
                let estimate = max(1, Double(attempts.count) * max(pace, s.workload.timeout.seconds) * s.timeScale)
                var core = SimulationCore(scenario: s, mode: mode, sites: sites, clients: max(1, instances.count),
                                          kindProfiles: s.clients, timeScale: s.timeScale, cdn: nil, duration: estimate)
                var random = SplitMix64(seed: s.seed)
                core.start(at: 0, warm: false, random: &random)
                // The workload runner's schedule: `concurrency` slots, each client pacing its own starts.
                var free = Array(repeating: 0.0, count: concurrency)
                var lastStart: [Int: Double] = [:]
                for attempt in attempts {
                    guard let client = clientIndex[attempt.client], let site = siteIndex[attempt.site],
                          let kind = kindOf[attempt.client] else { continue }
                    let slot = free.indices.min { free[$0] < free[$1] } ?? 0
                    var begin = free[slot]
                    if pace > 0, let last = lastStart[client] { begin = max(begin, last + pace) }
                    lastStart[client] = begin
                    let (ms, _) = core.visit(time: begin * s.timeScale, client: client, kind: kind, site: site,
                                             counted: !attempt.warmup)
                    free[slot] = begin + ms / 1000
                    if restarts.contains(attempt.seq) { core.restart(at: free[slot] * s.timeScale) }
                }
                core.finish(duration: (free.max() ?? 0) * s.timeScale)
                var union = unions[mode] ?? (PairSet(clients: core.clients, sites: sites.count),
                                             PairSet(clients: core.clients, sites: sites.count))
                union.visited.formUnion(core.visited)
                union.learned.formUnion(core.learned)
                unions[mode] = union
                parts.append(part(core, label: point.label, share: 1, visits: attempts.count, began: began, represents: 1))
            }
        }
        return parts.map { part in
            var part = part
            part.modeVisitedPairs = unions[part.mode]?.visited.count ?? part.visitedPairs
            part.modeResponderPairs = unions[part.mode]?.learned.count ?? part.responderPairs
            return part
        }
    }

    // MARK: - A population

    private func runPopulation(_ population: Scenario.Simulation, progress: (String) -> Void) -> [SimulationPart] {
        let duration = population.duration.seconds
        let rate = Double(population.clients) * population.visitsPerDay / 86_400
        let zipf = ZipfSampler(count: population.sites, exponent: population.zipf)
        // Client kinds shared out by their `count`: kind k owns clients [bounds[k], bounds[k + 1]).
        let weights = scenario.clients.map { Double(max(1, $0.count)) }
        let totalWeight = weights.reduce(0, +)
        var bounds = [0]
        var running = 0.0
        for weight in weights {
            running += weight
            bounds.append(Int((running / totalWeight * Double(population.clients)).rounded()))
        }
        var parts: [SimulationPart] = []
        for (shareIndex, share) in population.staplingShares.enumerated() {
            let label = population.staplingShares.count > 1 || share != 1 ? "stapling_share=\(share)" : ""
            let sites = (0..<population.sites).map { index -> SimulationCore.SiteInfo in
                let site = scenario.sites[index % scenario.sites.count]
                var hash = SplitMix64(seed: scenario.seed ^ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
                return SimulationCore.SiteInfo(mustStaple: site.mustStaple, status: site.status, intermediate: site.intermediate,
                                               staples: ZipfSampler.uniform(&hash) < share, revokeAt: site.revokeAt?.seconds)
            }
            for mode in scenario.modes {
                progress("\(label.isEmpty ? "" : label + " ")\(mode.rawValue)")
                let began = Instant.now()
                var core = SimulationCore(scenario: scenario, mode: mode, sites: sites, clients: population.clients,
                                          kindProfiles: scenario.clients, timeScale: 1, cdn: population.cdn, duration: duration)
                // The same visits for every share and mode: one seed per simulation.
                var random = SplitMix64(seed: scenario.seed &+ UInt64(shareIndex) &* 0x1000_0000_01B3)
                var visits = SplitMix64(seed: scenario.seed)
                core.start(at: 0, warm: true, random: &random)
                var time = 0.0, count = 0
                var kind = 0
                while true {
                    time += -log1p(-ZipfSampler.uniform(&visits)) / rate
                    guard time < duration else { break }
                    let client = visits.index(below: population.clients)
                    let site = zipf.next(&visits) - 1
                    kind = 0
                    while client >= bounds[kind + 1] && kind + 1 < weights.count { kind += 1 }
                    _ = core.visit(time: time, client: client, kind: kind, site: site, counted: true)
                    count += 1
                }
                var done = part(core, label: label, share: share, visits: count, began: began,
                                represents: population.represents)
                done.modeVisitedPairs = done.visitedPairs
                done.modeResponderPairs = done.responderPairs
                parts.append(done)
            }
        }
        return parts
    }

    private func part(_ core: SimulationCore, label: String, share: Double, visits: Int, began: Instant,
                      represents: Double) -> SimulationPart {
        SimulationPart(label: label, mode: core.mode, staplingShare: share, stats: core.stats, visits: visits,
                       edge: core.edge, origin: core.origin, visitedPairs: core.visited.count,
                       responderPairs: core.learned.count, modeVisitedPairs: core.visited.count,
                       modeResponderPairs: core.learned.count, cacheEntries: core.cacheEntries,
                       clientCacheEntries: core.clientCacheEntries, revocationBytes: core.revocationBytes,
                       exposureWindowS: core.exposureWindow,
                       wallSeconds: Instant.now().milliseconds(since: began) / 1000, represents: represents)
    }
}

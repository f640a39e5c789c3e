import Foundation
import NIOCore
import NIOPosix
import StapleCore
import StaplePKI
import StapleActors
import StapleReport

/// Runs a scenario: for every sweep point and every mode, a fresh world (PKI, resolver,
/// responder, server, links, clients), warm-up then the workload, then the trace folded into
/// records, the privacy ledger and the responder's log.
///
/// It never throws: a part that cannot start, or an interruption (the task is cancelled on
/// SIGINT), ends the run early and the result says why — everything finished so far is kept.
public struct RunEngine: Sendable {
    /// The scenario as it will run (the options' overrides applied).
    public let scenario: Scenario
    /// The options.
    public let options: RunOptions
    private let group: any EventLoopGroup

    /// Prepares a run.
    public init(scenario: Scenario, options: RunOptions = RunOptions(),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.scenario = options.applied(to: scenario)
        self.options = options
        self.group = group
    }

    /// Runs every part; `progress` is called often (from any thread).
    public func run(progress: @escaping @Sendable (RunProgress) -> Void = { _ in }) async -> RunResult {
        let origin = Instant.now()
        let started = Date()
        var parts: [ModeRun] = []
        var stoppedEarly: String?
        let points = scenario.sweepPoints()
        // One set of addresses for the whole run (parts run one after the other, on fresh ports),
        // so that Alice is the same address in every part of the ledger.
        let plan = AddressPlan.next()
        let total = points.count * scenario.modes.count
        var partNumber = 0
        outer: for point in points {
            for mode in scenario.modes {
                partNumber += 1
                if Task.isCancelled {
                    stoppedEarly = "interrupted"
                    break outer
                }
                let attempts = Attempt.plan(point.scenario)
                let base = RunProgress(scenario: scenario.name, part: partNumber, parts: total, sweepPoint: point.label,
                                       mode: mode.rawValue, phase: .starting, done: 0, total: attempts.count, failed: 0)
                progress(base)
                let trace = Trace(enabled: options.recordTrace)
                let world = World(scenario: point.scenario, mode: mode, trace: trace, group: group, plan: plan)
                do {
                    try await world.start()
                } catch {
                    await world.stop()
                    stoppedEarly = "\(point.label.isEmpty ? "" : point.label + " ")\(mode): \(error)"
                    break outer
                }
                let runner = WorkloadRunner(world: world) { done, failed in
                    var update = base
                    update.phase = .running
                    update.done = done
                    update.failed = failed
                    progress(update)
                }
                let (results, countedSeconds) = await runner.run(attempts)
                var stopping = base
                stopping.phase = .stopping
                stopping.done = results.count
                progress(stopping)
                let requests = await world.responder.requests
                await world.stop()
                var part = fold(point: point, mode: mode, world: world, results: results, requests: requests,
                                origin: origin)
                part.countedSeconds = countedSeconds
                part.deliveryLateness = world.deliveryLateness
                parts.append(part)
                if results.count < attempts.count {
                    stoppedEarly = "interrupted"
                    break outer
                }
            }
        }
        return RunResult(scenario: scenario, origin: origin, started: started, ended: Date(), parts: parts,
                         stoppedEarly: stoppedEarly)
    }

    private func fold(point: SweepPoint, mode: Scenario.Mode, world: World, results: [(Attempt, ConnectionResult)],
                      requests: [ResponderRequest], origin: Instant) -> ModeRun {
        let events = world.trace.events
        let folder = RecordFolder(scenario: point.scenario, sweepPoint: point.label, mode: mode, origin: origin,
                                  clock: world.clock, model: LatencyModel(scenario: point.scenario))
        let serverAddresses = world.serverAddresses
        let records = folder.fold(results, events: events,
                                  serverRequests: requests.filter { serverAddresses.contains($0.requesterIP) }.map(\.time))
        let names = world.pki.serialNames
        // Everything learned counts; what was learned before the first counted connection started
        // is kept apart as the warm-up's (e.g. a cold lazy server's unstapled first handshakes).
        let countedStart = records.filter { !$0.warmup }.map(\.startedMs).min()
            .map { origin.adding(seconds: $0 / 1000) }
        var observations: [Observation] = []
        var warmupObservations: [Observation] = []
        for observation in world.trace.observations {
            var mapped = observation
            if let name = SerialNames.hostname(for: observation.hostname, in: names) { mapped.hostname = name }
            if let countedStart, observation.time < countedStart {
                warmupObservations.append(mapped)
            } else {
                observations.append(mapped)
            }
        }
        let log = requests.map { request in
            ResponderLogEntry(scenario: scenario.name, sweepPoint: point.label, mode: mode.rawValue,
                              timeMs: request.time.milliseconds(since: origin), requesterAddress: request.requesterIP,
                              method: request.method, hostname: request.hostnames.joined(separator: " "),
                              status: request.answer, bytes: request.bytes)
        }
        return ModeRun(sweepPoint: point.label,
                       sweepValues: point.assignments.map { (field: $0.field.path, value: "\($0.value)") },
                       mode: mode, records: records, observations: observations, warmupObservations: warmupObservations,
                       responderLog: log, events: events,
                       addressNames: world.addressNames, responderRequests: requests.count, countedSeconds: 0,
                       revokedAt: point.scenario.revokedAt)
    }
}

/// Maps the serials a tap read to the hostnames behind them — what an on-path observer does
/// with public Certificate Transparency logs.
enum SerialNames {
    /// `serial:00ABCD` (a tap's token, DER content bytes) → the hostname, when the PKI issued it.
    static func hostname(for token: String, in names: [String: String]) -> String? {
        guard token.hasPrefix("serial:") else { return nil }
        var hex = Substring(token.dropFirst("serial:".count))
        while hex.hasPrefix("00") && hex.count > 2 { hex = hex.dropFirst(2) }
        return names[String(hex)]
    }
}

extension TestPKI {
    /// Serial (uppercase hex, no sign padding) → hostname or CA name, for everything issued.
    var serialNames: [String: String] {
        var names: [String: String] = [:]
        for (host, identity) in leaves { names[identity.certificate.serialHex] = host }
        if let intermediate { names[intermediate.certificate.serialHex] = intermediate.certificate.commonName ?? "intermediate" }
        return names
    }
}

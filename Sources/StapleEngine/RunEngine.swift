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
/// Parts are independent, so up to `options.parallel` of them run at once (the longest the model
/// predicts first); they are gathered in the serial order (sweep point, then mode), so the result
/// has the same shape whatever the parallelism. Every part of a run shares one ``AddressPlan``
/// (Alice is the same address in every part of the ledger): a part's actors and front doors
/// listen on their own ephemeral ports, its certificates name its own responder's port, and its
/// clients are sent to its own server's port, so parts in flight together never reach each other.
///
/// It never throws: a part that cannot start, or an interruption (the task is cancelled on
/// SIGINT), ends the run early and the result says why — everything finished so far is kept.
public struct RunEngine: Sendable {
    /// The scenario as it will run (the options' overrides applied).
    public let scenario: Scenario
    /// The options.
    public let options: RunOptions
    private let group: any EventLoopGroup
    private let lagMonitor: LoopLagMonitor

    /// Prepares a run; `lagMonitor` measures the event loops' lag (default: one on `group`).
    public init(scenario: Scenario, options: RunOptions = RunOptions(),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, lagMonitor: LoopLagMonitor? = nil) {
        self.scenario = options.applied(to: scenario)
        self.options = options
        self.group = group
        self.lagMonitor = lagMonitor ?? LoopLagMonitor(group: group)
    }

    /// One (sweep point, mode) to run; `index` is its place in the serial order.
    private struct Part: Sendable {
        let index: Int
        let point: SweepPoint
        let mode: Scenario.Mode
    }

    /// How a part ended.
    private enum PartEnd: Sendable {
        /// It ran (`complete` false when interrupted before its last connection).
        case ran(ModeRun, complete: Bool)
        /// It could not start.
        case failed(String)
    }

    /// The parts in the serial order.
    private var plannedParts: [Part] {
        var parts: [Part] = []
        for point in scenario.sweepPoints() {
            for mode in scenario.modes { parts.append(Part(index: parts.count, point: point, mode: mode)) }
        }
        return parts
    }

    /// How many parts run at once: `options.parallel`, or the default for this scenario.
    /// Parts with real programs run one at a time whatever `--parallel` says: nginx and Apache
    /// are sets of processes on probed ports, and a real client's doors listen on fixed ports of
    /// its own address (its DNS door on 53), which two parts in flight would both bind.
    public var parallelism: Int {
        let count = scenario.sweepPointCount * scenario.modes.count
        let points = scenario.sweepPoints()
        let external = points.contains { $0.scenario.server.kind != .builtin }
        let realClients = points.contains { $0.scenario.clients.contains { $0.kind != .builtin } }
        if external || realClients { return 1 }
        if let parallel = options.parallel { return max(1, min(parallel, count)) }
        return RunOptions.defaultParallel(parts: count, concurrency: scenario.workload.concurrency,
                                          cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// What the delay model predicts a part takes, seconds: its connections in rounds of
    /// `concurrency`, each round the model's time to first byte or the pace, whichever is longer.
    /// Only for the order parts start in (the longest first, so the last to start are short).
    static func predictedSeconds(_ scenario: Scenario, mode: Scenario.Mode) -> Double {
        let model = LatencyModel(scenario: scenario)
        let client = scenario.clients.first?.instanceNames.first ?? ""
        let work = LatencyModel.Work(fetches: mode == .classic ? [(dns: true, timedOut: false)] : [])
        let rounds = (Double(scenario.workload.total) / Double(max(1, scenario.workload.concurrency))).rounded(.up)
        return rounds * max(model.predict(client: client, work: work) / 1000, scenario.workload.pace.seconds)
    }

    /// Runs every part; `progress` is called often (from any thread, for several parts at once
    /// with `--parallel`); `partFinished` once per part that ran, in the order they finish, one
    /// at a time, with the run's origin (a writer appends its rows). A part too long to keep
    /// whole (see ``RunMemory``) hands each finished piece to `pieceFinished` instead (one at a
    /// time, as pieces finish; its rows are to be appended then), and its `partFinished` part
    /// holds only its bounded sample (``ModeRun/sample``), whose rows are already written.
    public func run(progress: @escaping @Sendable (RunProgress) -> Void = { _ in },
                    pieceFinished: @escaping @Sendable (_ piece: ModeRun, _ origin: Instant) -> Void = { _, _ in },
                    partFinished: (_ part: ModeRun, _ origin: Instant) -> Void = { _, _ in }) async -> RunResult {
        let sink = PieceSink(pieceFinished)
        let origin = Instant.now()
        let started = Date()
        let parts = plannedParts
        // One set of addresses for the whole run (each part on fresh ports), so that Alice is
        // the same address in every part of the ledger.
        let plan = AddressPlan.next()
        let width = parallelism
        let automatic = options.parallel == nil
        // Serial: the serial order. Parallel: the longest first (stable), gathered back in order.
        let order = width == 1 ? parts : parts.enumerated().sorted { a, b in
            let (x, y) = (Self.predictedSeconds(a.element.point.scenario, mode: a.element.mode),
                          Self.predictedSeconds(b.element.point.scenario, mode: b.element.mode))
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
        lagMonitor.start()
        var ends = [PartEnd?](repeating: nil, count: parts.count)
        var notStarted = false
        await withTaskGroup(of: (Int, PartEnd).self) { tasks in
            var queue = order[...]
            var inFlight = 0, limit = width, stop = false
            while true {
                while inFlight < limit, !stop, let part = queue.first {
                    if Task.isCancelled { stop = true; notStarted = true; break }
                    queue.removeFirst()
                    inFlight += 1
                    tasks.addTask {
                        (part.index, await self.runPart(part, of: parts.count, plan: plan, origin: origin, progress: progress, sink: sink))
                    }
                }
                guard let (index, end) = await tasks.next() else { break }
                inFlight -= 1
                ends[index] = end
                switch end {
                case .failed: stop = true
                case .ran(let part, let complete):
                    partFinished(part, origin)
                    if !complete { stop = true }
                    // The guard lowers a default parallelism for the parts still to start.
                    if automatic, limit > 1, SaturationGuard.check(part)?.saturated == true { limit = max(1, limit / 2) }
                }
                if stop, !queue.isEmpty { notStarted = true }
            }
        }
        lagMonitor.stop()
        // Gathered in the serial order; the first reason to stop, in that order, is the run's.
        var kept: [ModeRun] = []
        var stoppedEarly: String?
        for end in ends {
            switch end {
            case .ran(let part, let complete)?:
                kept.append(part)
                if !complete, stoppedEarly == nil { stoppedEarly = "interrupted" }
            case .failed(let reason)?:
                if stoppedEarly == nil { stoppedEarly = reason }
            case nil:
                continue
            }
        }
        if stoppedEarly == nil, notStarted || kept.count < parts.count { stoppedEarly = "interrupted" }
        var result = RunResult(scenario: scenario, origin: origin, started: started, ended: Date(), parts: kept,
                               stoppedEarly: stoppedEarly)
        result.parallel = width
        result.loopLag = lagMonitor.whole
        return result
    }

    /// Runs one part in its own world: kept whole (in precision rounds with `--precision`),
    /// or in pieces when it is too long to keep whole.
    private func runPart(_ part: Part, of total: Int, plan: AddressPlan, origin: Instant,
                         progress: @escaping @Sendable (RunProgress) -> Void, sink: PieceSink) async -> PartEnd {
        let point = part.point, mode = part.mode
        let goal = options.precision
        let attempts = AttemptPlan(point.scenario, handshakes: goal.map { $0.maxHandshakes })
        let streamed = goal == nil && options.memory.streams(attempts: attempts.count)
        let base = RunProgress(scenario: scenario.name, part: part.index + 1, parts: total, sweepPoint: point.label,
                               mode: mode.rawValue, phase: .starting, done: 0, total: attempts.count, failed: 0)
        progress(base)
        let trace = Trace(enabled: options.recordTrace)
        let world = World(scenario: point.scenario, mode: mode, trace: trace, group: group, plan: plan)
        do {
            try await world.start()
        } catch {
            await world.stop()
            return .failed("\(point.label.isEmpty ? "" : point.label + " ")\(mode): \(error)")
        }
        let runner = WorkloadRunner(world: world) { done, failed, inFlight in
            var update = base
            update.phase = .running
            update.done = done
            update.failed = failed
            update.inFlight = inFlight
            progress(update)
        }
        let window = lagMonitor.openWindow()
        var run: ModeRun
        var finished = base
        let complete: Bool
        if streamed {
            let (streamedRun, done, ran) = await runStreamed(point: point, mode: mode, world: world, runner: runner,
                                                             attempts: attempts, origin: origin, sink: sink)
            let lag = lagMonitor.closeWindow(window)
            run = streamedRun
            run.loopLag = lag
            finished.done = done
            complete = ran
        } else {
            var results: [(Attempt, ConnectionResult)] = []
            var countedSeconds = 0.0
            var outcome: PrecisionOutcome?
            if let goal {
                (results, countedSeconds, outcome) = await runRounds(goal, point: point, world: world, runner: runner,
                                                                     attempts: attempts, origin: origin)
                finished.total = attempts.warmup + (outcome?.handshakes ?? 0)
                finished.precision = outcome?.sentence
            } else {
                (results, countedSeconds) = await runner.run(attempts)
            }
            let lag = lagMonitor.closeWindow(window)
            var stopping = finished
            stopping.phase = .stopping
            stopping.done = results.count
            stopping.failed = results.filter { $0.1.outcome == .hardFail || $0.1.outcome == .error }.count
            progress(stopping)
            let requests = await world.responder.requests
            await world.stop()
            run = fold(point: point, mode: mode, world: world, results: results, events: world.trace.events,
                       observations: world.trace.observations, requests: requests, origin: origin)
            run.responderRequests = requests.count
            run.countedSeconds = countedSeconds
            run.loopLag = lag
            run.precision = outcome
            finished = stopping
            complete = results.count == finished.total
        }
        run.deliveryLateness = world.deliveryLateness
        finished.phase = .finished
        progress(finished)
        return .ran(run, complete: complete)
    }

    /// `--precision`: the warm-up, then counted rounds until the goal says stop (see
    /// ``PrecisionGoal``); the results of every round, in attempt order.
    private func runRounds(_ goal: PrecisionGoal, point: SweepPoint, world: World, runner: WorkloadRunner,
                           attempts: AttemptPlan, origin: Instant)
        async -> (results: [(Attempt, ConnectionResult)], countedSeconds: Double, outcome: PrecisionOutcome?) {
        var state = WorkloadRunner.State()
        var results = await runner.run(attempts, attempts.warmupRange, &state)
        guard !Task.isCancelled else { return (results, 0, nil) }
        state.lastStart = [:]   // the counted connections' pace starts afresh
        var next = attempts.warmup
        var outcome = await goal.run(first: point.scenario.workload.handshakes) { target in
            let range = next..<(attempts.warmup + target)
            next = range.upperBound
            let round = await runner.run(attempts, range, &state)
            results += round
            if round.count < range.count || Task.isCancelled { return nil }
            // Every counted handshake so far, folded from the trace as it is now.
            let records = fold(point: point, mode: world.mode, world: world, results: results,
                               events: world.trace.events, observations: [], requests: [], origin: origin).records
            let timed = records.filter { !$0.warmup && ($0.outcome == .connected || $0.outcome == .softFail) }
            return Statistics(timed.compactMap(\.ttfbMs))
        }
        outcome.sweepPoint = point.label
        outcome.mode = world.mode.rawValue
        outcome.handshakes = results.filter { !$0.0.warmup }.count
        return (results, state.countedSeconds, outcome)
    }

    /// A part too long to keep whole: its attempts a piece at a time, each piece's trace,
    /// responder requests and observations taken and folded when it ends, its rows handed to
    /// `sink`, and only bounded summaries kept (see ``RunMemory`` and ``PartSample``).
    /// Returns the part, the connections made, and whether every planned one ran.
    private func runStreamed(point: SweepPoint, mode: Scenario.Mode, world: World, runner: WorkloadRunner,
                             attempts: AttemptPlan, origin: Instant, sink: PieceSink) async -> (ModeRun, Int, Bool) {
        let memory = options.memory
        var state = WorkloadRunner.State()
        var sample = PartSample(capacity: memory.reservoir, seed: point.scenario.seed)
        var ledger = PrivacyLedger(scenario: scenario.name, mode: mode.rawValue, observations: [])
        var first: ModeRun?, warmupPiece: ModeRun?
        var requestCount = 0
        var ran = 0
        var complete = true
        var pieces: [Range<Int>] = []
        for range in [attempts.warmupRange, attempts.countedRange] {
            let size = memory.piece(concurrency: point.scenario.workload.concurrency)
            pieces += stride(from: range.lowerBound, to: range.upperBound, by: size)
                .map { $0..<min($0 + size, range.upperBound) }
        }
        var stopped = false
        for range in pieces {
            if Task.isCancelled { complete = false; break }
            if range.lowerBound == attempts.warmup { state.lastStart = [:] }   // as a part kept whole
            let results = await runner.run(attempts, range, &state)
            ran += results.count
            if results.count < range.count { complete = false; stopped = true }
            let isWarmup = range.lowerBound < attempts.warmup
            let piece = await takePiece(point: point, mode: mode, world: world, results: results, warmup: isWarmup, origin: origin)
            requestCount += piece.responderRequests
            sink(piece, origin)
            sample.add(piece.records)
            if let pieceLedger = piece.streamedLedger { ledger = ledger.merging(pieceLedger) }
            if first == nil, !isWarmup { first = piece }
            if warmupPiece == nil, isWarmup { warmupPiece = piece }
            if stopped { break }
        }
        await world.stop()
        // What the actors recorded while stopping.
        let tail = await takePiece(point: point, mode: mode, world: world, results: [], warmup: false, origin: origin)
        requestCount += tail.responderRequests
        sink(tail, origin)
        if let tailLedger = tail.streamedLedger { ledger = ledger.merging(tailLedger) }
        var run = first ?? warmupPiece ?? tail
        sample.firstRecords = run.records
        run.records = sample.kept
        run.observations = []
        run.warmupObservations = []
        run.streamedLedger = ledger
        run.responderRequests = requestCount
        run.countedSeconds = state.countedSeconds
        run.sample = sample
        return (run, ran, complete)
    }

    /// One piece of a streamed part: what the trace and the responder's log hold now, taken
    /// from them and folded with `results`; its privacy rows counted in ``ModeRun/streamedLedger``.
    private func takePiece(point: SweepPoint, mode: Scenario.Mode, world: World,
                           results: [(Attempt, ConnectionResult)], warmup: Bool, origin: Instant) async -> ModeRun {
        let (events, observations) = world.trace.drain()
        let requests = await world.responder.drainRequests()
        var piece = fold(point: point, mode: mode, world: world, results: results, events: events,
                         observations: observations, requests: requests, origin: origin, allWarmup: warmup)
        piece.responderRequests = requests.count
        piece.streamedLedger = PrivacyLedger(scenario: scenario.name, mode: mode.rawValue,
                                             observations: piece.observations, warmup: piece.warmupObservations)
        return piece
    }

    /// Folds results with the events, observations and responder requests that go with them.
    /// `allWarmup`: every observation is the warm-up's (a streamed part's warm-up piece).
    private func fold(point: SweepPoint, mode: Scenario.Mode, world: World, results: [(Attempt, ConnectionResult)],
                      events: [TraceEvent], observations allObservations: [Observation], requests: [ResponderRequest],
                      origin: Instant, allWarmup: Bool = false) -> ModeRun {
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
        for observation in allObservations {
            var mapped = observation
            if let name = SerialNames.hostname(for: observation.hostname, in: names) { mapped.hostname = name }
            if allWarmup || (countedStart.map { observation.time < $0 } ?? false) {
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

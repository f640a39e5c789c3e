import Foundation
import StapleCore
import StapleActors

/// Runs one mode's attempts against a live ``World``: warm-up first, then the counted
/// connections with the scenario's concurrency, each client pacing its own starts, and the
/// server restarted after the connections `server.restarts` names.
///
/// The attempts come from an ``AttemptPlan`` (made as they are started, never an array); a run
/// too long to keep whole, or one adding rounds for `--precision`, runs them a range at a time,
/// every connection of a range finished before the next starts, with a ``State`` carried over.
struct WorkloadRunner {
    let world: World
    let progress: @Sendable (_ done: Int, _ failed: Int, _ inFlight: Int) -> Void

    /// What goes on from one range of a workload to the next.
    struct State {
        /// Connections finished.
        var done = 0
        /// Connections that failed (hard-fail or error).
        var failed = 0
        /// Wall time of the counted connections so far, seconds.
        var countedSeconds = 0.0
        /// When each client last started a connection (its pace counts from there).
        var lastStart: [String: Date] = [:]
    }

    /// The results in attempt order, and the wall time of the counted connections.
    func run(_ attempts: AttemptPlan) async -> (results: [(Attempt, ConnectionResult)], countedSeconds: Double) {
        var state = State()
        var results: [(Attempt, ConnectionResult)] = []
        for range in [attempts.warmupRange, attempts.countedRange] where !range.isEmpty {
            guard !Task.isCancelled else { break }
            state.lastStart = [:]   // the counted connections' pace starts afresh
            results += await run(attempts, range, &state)
        }
        return (results.sorted { $0.0.seq < $1.0.seq }, state.countedSeconds)
    }

    /// Runs the attempts numbered `range` of `plan` (all warm-up or all counted); every one
    /// started has finished on return. The results are in attempt order; fewer than the
    /// range when the task was cancelled.
    func run(_ plan: AttemptPlan, _ range: Range<Int>, _ state: inout State) async -> [(Attempt, ConnectionResult)] {
        let start = Instant.now()
        let results = await runBatch(plan, range, &state)
        if !(plan[range.lowerBound].warmup) { state.countedSeconds += Instant.now().milliseconds(since: start) / 1000 }
        return results.sorted { $0.0.seq < $1.0.seq }
    }

    private func runBatch(_ plan: AttemptPlan, _ range: Range<Int>, _ state: inout State) async -> [(Attempt, ConnectionResult)] {
        let scenario = world.scenario
        let concurrency = max(1, scenario.workload.concurrency)
        let pace = scenario.workload.pace.seconds
        let restarts = Set(scenario.server.restarts)
        let port = world.sitePort, mode = world.mode
        var lastStart = state.lastStart
        var results: [(Attempt, ConnectionResult)] = []
        var failures = state.failed
        let alreadyDone = state.done
        await withTaskGroup(of: (Attempt, ConnectionResult).self) { group in
            var next = range.lowerBound, inFlight = 0
            while next < range.upperBound || inFlight > 0 {
                while inFlight < concurrency && next < range.upperBound && !Task.isCancelled {
                    let attempt = plan[next]
                    if pace > 0, let last = lastStart[attempt.client] {
                        let wait = last.addingTimeInterval(pace).timeIntervalSinceNow
                        if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
                        if Task.isCancelled { break }
                    }
                    lastStart[attempt.client] = Date()
                    guard let client = world.clients[attempt.client] else { next += 1; continue }
                    group.addTask {
                        (attempt, await client.visit(site: attempt.site, port: port, mode: mode))
                    }
                    next += 1
                    inFlight += 1
                    progress(alreadyDone + results.count, failures, inFlight)
                }
                guard let finished = await group.next() else { break }
                inFlight -= 1
                results.append(finished)
                if finished.1.outcome == .hardFail || finished.1.outcome == .error { failures += 1 }
                progress(alreadyDone + results.count, failures, inFlight)
                if restarts.contains(finished.0.seq) { await world.restartServer() }
                if Task.isCancelled && next < range.upperBound { next = range.upperBound }
            }
        }
        state.failed = failures
        state.done += results.count
        state.lastStart = lastStart
        return results
    }
}

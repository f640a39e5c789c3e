import Foundation
import StapleCore
import StapleActors

/// Runs one mode's attempts against a live ``World``: warm-up first, then the counted
/// connections with the scenario's concurrency, each client pacing its own starts, and the
/// server restarted after the connections `server.restarts` names.
struct WorkloadRunner {
    let world: World
    let progress: @Sendable (_ done: Int, _ failed: Int, _ inFlight: Int) -> Void

    /// The results in attempt order, and the wall time of the counted connections.
    func run(_ attempts: [Attempt]) async -> (results: [(Attempt, ConnectionResult)], countedSeconds: Double) {
        let warmups = attempts.filter(\.warmup)
        let counted = attempts.filter { !$0.warmup }
        var results: [(Attempt, ConnectionResult)] = []
        var failed = 0
        var countedSeconds = 0.0
        for batch in [warmups, counted] where !batch.isEmpty {
            guard !Task.isCancelled else { break }
            let start = Instant.now()
            let batchResults = await runBatch(batch, alreadyDone: results.count, failed: &failed)
            if !(batch.first?.warmup ?? true) { countedSeconds = Instant.now().milliseconds(since: start) / 1000 }
            results += batchResults
        }
        return (results.sorted { $0.0.seq < $1.0.seq }, countedSeconds)
    }

    private func runBatch(_ batch: [Attempt], alreadyDone: Int, failed: inout Int) async -> [(Attempt, ConnectionResult)] {
        let scenario = world.scenario
        let concurrency = max(1, scenario.workload.concurrency)
        let pace = scenario.workload.pace.seconds
        let restarts = Set(scenario.server.restarts)
        let port = world.sitePort, mode = world.mode
        var lastStart: [String: Date] = [:]
        var results: [(Attempt, ConnectionResult)] = []
        var failures = failed
        await withTaskGroup(of: (Attempt, ConnectionResult).self) { group in
            var next = 0, inFlight = 0
            while next < batch.count || inFlight > 0 {
                while inFlight < concurrency && next < batch.count && !Task.isCancelled {
                    let attempt = batch[next]
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
                if Task.isCancelled && next < batch.count { next = batch.count }
            }
        }
        failed = failures
        return results
    }
}

import StapleCore
import StapleReport

extension Bench {
    /// One fidelity point: measured p50 against the model plus the zero-delay baseline.
    public struct FidelityRow: Sendable {
        /// Every link's RTT, ms.
        public var rttMs: Double
        /// The mode.
        public var mode: String
        /// Measured p50 time to first byte.
        public var measuredMs: Double
        /// The measured p50's 95 % interval (``Bootstrap``).
        public var measuredInterval: ConfidenceInterval?
        /// The model's prediction.
        public var modelMs: Double
        /// p50 with no delay at all (the CPU cost): over the baselines measured just before and
        /// just after this point, pooled (so a drift between them cancels); see
        /// ``FidelityBaseline/around(_:_:)``.
        public var baselineMs: Double
        /// Whether both baselines around this point stayed disturbed after every attempt.
        public var baselineDisturbed = false
        /// measured / (model + baseline).
        public var ratio: Double { measuredMs / (modelMs + baselineMs) }
        /// measured − (model + baseline).
        public var gapMs: Double { measuredMs - (modelMs + baselineMs) }
        /// How late the delayed deliveries of this point went out (every front door, every mode).
        public var lateness: LatenessHistogram.Summary?
        /// p50 over the point's handshakes of the time off the links on each one's critical path
        /// (``LinkTimeSplit/offLinkMs``): the endpoints' work measured in the very handshakes timed, ms.
        public var endpointMs: Double?
        /// p50 over the point's handshakes of (link time on the critical path, ``LinkTimeSplit/onLinkMs``,
        /// − the model): what the links added beyond the injected delays, ms.
        public var linkExcessMs: Double?
        /// p50 over the point's handshakes of (link time on the critical path / the model).
        public var linkRatio: Double?
        /// `endpointMs − baselineMs`: how much slower the endpoints' work ran between delayed hops
        /// than back to back at zero delay, ms.
        public var endpointSlowdownMs: Double? { endpointMs.map { $0 - baselineMs } }
        /// How late plain (uncompensated) timers ran on the same event loops during this point
        /// (``LoopLagMonitor``, every 10 ms on every loop): the wake-up a step that is not a
        /// compensated delivery waits.
        public var loopLag: LatenessHistogram.Summary?

        /// A row from its parts.
        public init(rttMs: Double, mode: String, measuredMs: Double, measuredInterval: ConfidenceInterval? = nil,
                    modelMs: Double, baselineMs: Double, lateness: LatenessHistogram.Summary? = nil) {
            self.rttMs = rttMs
            self.mode = mode
            self.measuredMs = measuredMs
            self.measuredInterval = measuredInterval
            self.modelMs = modelMs
            self.baselineMs = baselineMs
            self.lateness = lateness
        }
    }

    /// The modes every fidelity point measures.
    public static let fidelityModes: [Scenario.Mode] = [.none, .classic, .stapled]

    /// For every RTT and mode, p50 against the model plus the zero-delay baseline.
    ///
    /// Order: a warm-up (one run at zero delay and one at 1 ms, every mode, discarded: OpenSSL,
    /// the shared event loops, the DNS and link paths), then baseline, point, baseline, point, …,
    /// baseline (A B A B … A), every run with the same handshakes. Each point is corrected by the
    /// baselines on either side of it, pooled, so a slow drift of the machine cancels (one still
    /// disturbed after every attempt is left out when the other is not). A baseline
    /// that ``FidelityBaseline/disturbance(_:best:)`` calls disturbed is measured again, at most
    /// ``FidelityBaseline/maxAttempts`` times in all.
    public static func fidelity(rttsMs: [Double], handshakes: Int,
                                progress: @escaping @Sendable (String) -> Void = { _ in }) async -> FidelityMeasurement {
        let modes = fidelityModes
        progress("warm-up (OpenSSL, event loops, DNS, links; discarded)")
        let warm = await fidelityRun(rtt: .zero, handshakes: max(5, handshakes / 2))
        _ = await fidelityRun(rtt: .milliseconds(1), handshakes: 5)
        // The warm-up's medians start the reference a baseline's drift is judged against.
        var best = FidelityBaseline.samples(RunWriter.summary(warm), modes: modes).compactMapValues(\.median)
        var baselines = [await fidelityBaseline(label: "before \(rttText(rttsMs.first ?? 0))", handshakes: handshakes,
                                                best: &best, progress: progress)]
        var rows: [FidelityRow] = []
        for (index, rtt) in rttsMs.enumerated() {
            progress("RTT \(rttText(rtt))")
            let result = await fidelityRun(rtt: .milliseconds(rtt), handshakes: handshakes)
            let next = index + 1 < rttsMs.count ? "\(rttText(rtt)) → \(rttText(rttsMs[index + 1]))" : "after \(rttText(rtt))"
            baselines.append(await fidelityBaseline(label: next, handshakes: handshakes, best: &best, progress: progress))
            let summary = RunWriter.summary(result)
            var lateness = LatenessHistogram()
            for histogram in result.deliveryLateness.values { lateness.merge(histogram) }
            let around = FidelityBaseline.around(baselines[index], baselines[index + 1])
            for mode in modes {
                guard let row = summary.row(mode: mode.rawValue), let measured = row.p50Ms, let model = row.modelMs,
                      let zero = around.samples[mode.rawValue]?.median else { continue }
                var fidelityRow = FidelityRow(rttMs: rtt, mode: mode.rawValue, measuredMs: measured,
                                              measuredInterval: row.p50Interval, modelMs: model, baselineMs: zero,
                                              lateness: lateness.summary)
                fidelityRow.baselineDisturbed = around.disturbed
                if let part = result.parts.first(where: { $0.mode == mode }) {
                    let split = linkSplit(part, origin: result.origin)
                    fidelityRow.endpointMs = split.endpoint
                    fidelityRow.linkExcessMs = split.linkExcess
                    fidelityRow.linkRatio = split.linkRatio
                }
                fidelityRow.loopLag = result.loopLag.summary
                rows.append(fidelityRow)
            }
        }
        return FidelityMeasurement(rows: rows, baselines: baselines)
    }

    /// p50s over a part's counted handshakes of the time off the links, of (time on them − model)
    /// and of (time on them / model).
    static func linkSplit(_ part: ModeRun, origin: Instant) -> (endpoint: Double?, linkExcess: Double?, linkRatio: Double?) {
        let counted = part.records.filter { !$0.warmup && $0.outcome == .connected && $0.ttfbMs != nil }
        let splits = LinkTimeSplit.splits(counted, events: part.events, origin: origin)
        var endpoint: [Double] = [], excess: [Double] = [], ratio: [Double] = []
        for (record, split) in zip(counted, splits) {
            guard let split else { continue }
            endpoint.append(split.offLinkMs)
            guard let model = record.modelMs else { continue }
            excess.append(split.onLinkMs - model)
            if model > 0 { ratio.append(split.onLinkMs / model) }
        }
        return (Statistics(endpoint).median, Statistics(excess).median, Statistics(ratio).median)
    }

    /// `20 ms`, `0.5 ms`.
    static func rttText(_ ms: Double) -> String {
        (ms.rounded() == ms ? String(Int(ms)) : String(ms)) + " ms"
    }

    /// One run of the fidelity scenario, every mode.
    private static func fidelityRun(rtt: Delay, handshakes: Int) async -> RunResult {
        await RunEngine(scenario: scenario(rtt: rtt, modes: fidelityModes, handshakes: handshakes),
                        options: RunOptions(parallel: 1)).run()
    }

    /// A zero-delay baseline, measured again while it looks disturbed (at most
    /// ``FidelityBaseline/maxAttempts`` times; when all are disturbed, the least disturbed is kept).
    /// `best` (mode → the lowest baseline median so far) is lowered by the kept attempt.
    private static func fidelityBaseline(label: String, handshakes: Int, best: inout [String: Double],
                                         progress: @escaping @Sendable (String) -> Void) async -> FidelityBaseline {
        progress("baseline (no delay) \(label)")
        var attempts: [(samples: [String: Statistics], disturbance: String?, excess: Double)] = []
        while attempts.count < FidelityBaseline.maxAttempts {
            let result = await fidelityRun(rtt: .zero, handshakes: handshakes)
            let samples = FidelityBaseline.samples(RunWriter.summary(result), modes: fidelityModes)
            let disturbance = FidelityBaseline.disturbance(samples, best: best)
            attempts.append((samples, disturbance, FidelityBaseline.excess(samples, best: best) ?? .infinity))
            guard let disturbance else { break }
            if attempts.count < FidelityBaseline.maxAttempts {
                progress("baseline \(label) disturbed (\(disturbance)): measuring it again")
            }
        }
        let keptIndex = attempts.indices.min { attempts[$0].excess < attempts[$1].excess } ?? attempts.count - 1
        let kept = attempts[keptIndex]
        for (mode, stats) in kept.samples {
            if let median = stats.median { best[mode] = min(best[mode] ?? median, median) }
        }
        let rejections = attempts.indices.filter { $0 != keptIndex }.compactMap { attempts[$0].disturbance }
        return FidelityBaseline(label: label, samples: kept.samples, rejections: rejections, disturbance: kept.disturbance)
    }
}

extension Bench {
    /// `bench fidelity --repeat`: whole measurements in one invocation.
    public static let fidelityRepeatRange = 1...10
    /// `bench fidelity --handshakes`: counted handshakes per point and mode.
    public static let fidelityHandshakesRange = 2...1000
}

/// How close a simulated p50 must come to a real run's: the delay model's own fidelity on this
/// machine (README "Figures": measured p50 within 1.2 % of model + baseline from 20 ms RTT up,
/// within 1.3 ms below) with headroom for the harness's scheduling: 5 % of the prediction or
/// 3 ms, whichever is more.
public enum SimulationTolerance {
    /// The allowed |measured − predicted| for a p50 predicted at `predictedMs`.
    public static func p50Allowance(predictedMs: Double) -> Double { max(3, 0.05 * predictedMs) }

    /// Whether a measured p50 is within the tolerance of the prediction.
    public static func accepts(measuredMs: Double, predictedMs: Double) -> Bool {
        abs(measuredMs - predictedMs) <= p50Allowance(predictedMs: predictedMs)
    }
}

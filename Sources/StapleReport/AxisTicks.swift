import Foundation

/// Round tick values for a chart axis (steps of 1, 2 or 5 times a power of ten).
public enum AxisTicks {
    /// About `count` ticks covering `low…high`: the first at or below `low`, the last at or above `high`.
    public static func ticks(from low: Double, to high: Double, count: Int = 5) -> [Double] {
        guard low.isFinite, high.isFinite, count > 0 else { return [] }
        let (lo, hi) = low == high ? (low, low + 1) : (min(low, high), max(low, high))
        let step = niceStep((hi - lo) / Double(count))
        let first = (lo / step).rounded(.down) * step
        var ticks: [Double] = []
        while ticks.count < 50 {
            let value = first + Double(ticks.count) * step
            ticks.append(value)
            if value >= hi - step * 1e-9 { break }
        }
        return ticks
    }

    /// The smallest of 1, 2, 2.5, 5 or 10 × 10ⁿ that is at least `raw`.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, log10(raw).rounded(.down))
        return [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw * (1 - 1e-12) } ?? 10 * power
    }

    /// A tick's text with as many decimals as the step needs to be exact (0 to 3).
    public static func label(_ value: Double, step: Double) -> String {
        let decimals = (0...3).first { d in
            let scaled = step * pow(10, Double(d))
            return abs(scaled - scaled.rounded()) < 1e-9 * max(1, scaled)
        } ?? 3
        return FixedPoint.string(value, decimals: decimals) ?? "?"
    }
}

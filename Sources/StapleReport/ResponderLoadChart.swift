/// Draws the responder's requests over the run's time, in bins, stacked by mode.
public enum ResponderLoadChart {
    static let width = 960.0, height = 300.0
    static let left = 64.0, right = 700.0, top = 20.0, bottom = 250.0

    /// The `<svg>` element, or `nil` when the responder logged nothing.
    public static func render(_ entries: [ResponderLogEntry], modes: [String]) -> String? {
        guard let last = entries.map(\.timeMs).max() else { return nil }
        let first = min(entries.map(\.timeMs).min() ?? 0, 0)
        let binWidth = AxisTicks.niceStep(max(last - first, 1) / 40)
        let binCount = Int(((last - first) / binWidth).rounded(.down)) + 1
        var counts: [String: [Int]] = [:]
        for entry in entries {
            let bin = min(Int(((entry.timeMs - first) / binWidth).rounded(.down)), binCount - 1)
            counts[entry.mode, default: Array(repeating: 0, count: binCount)][bin] += 1
        }
        let totals = (0..<binCount).map { bin in counts.values.reduce(0) { $0 + $1[bin] } }
        let xTicks = AxisTicks.ticks(from: first, to: first + Double(binCount) * binWidth, count: 8)
        let yTicks = AxisTicks.ticks(from: 0, to: Double(totals.max() ?? 1), count: 4)
        let x = LinearScale(domain: (xTicks.first ?? 0)...(xTicks.last ?? 1), range: (left, right))
        let y = LinearScale(domain: 0...(yTicks.last ?? 1), range: (bottom, top))
        var svg = SVGDocument(width: width, height: height,
                              title: "OCSP responder requests over time, per \(AxisTicks.label(binWidth, step: binWidth)) ms")

        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
        for tick in xTicks {
            svg.line(x(tick), top, x(tick), bottom, cssClass: "grid")
            svg.text(x(tick), bottom + 16, AxisTicks.label(tick, step: xStep), cssClass: "tick", anchor: "middle")
        }
        for tick in yTicks where tick == tick.rounded() {
            svg.line(left, y(tick), right, y(tick), cssClass: "grid")
            svg.text(left - 8, y(tick) + 4, AxisTicks.label(tick, step: 1), cssClass: "tick", anchor: "end")
        }
        svg.text((left + right) / 2, bottom + 38, "time since the run started (ms)", cssClass: "axis-title", anchor: "middle")

        let shown = modes.filter { counts[$0] != nil } + counts.keys.sorted().filter { !modes.contains($0) }
        for bin in 0..<binCount {
            var stacked = 0
            for mode in shown {
                let count = counts[mode]?[bin] ?? 0
                guard count > 0 else { continue }
                let x0 = x(first + Double(bin) * binWidth), x1 = x(first + Double(bin + 1) * binWidth)
                svg.rect(x0 + 0.5, y(Double(stacked + count)), x1 - x0 - 1, y(Double(stacked)) - y(Double(stacked + count)),
                         cssClass: "bar", style: "fill:\(ReportPalette.color(mode, among: modes))",
                         tooltip: "\(mode): \(count) request\(count == 1 ? "" : "s")")
                stacked += count
            }
        }
        for (index, mode) in shown.enumerated() {
            let ly = top + 10 + Double(index) * 20
            let total = counts[mode]?.reduce(0, +) ?? 0
            svg.rect(right + 20, ly - 6, 24, 12, cssClass: "bar", style: "fill:\(ReportPalette.color(mode, among: modes))")
            svg.text(right + 50, ly + 4, HTMLText.truncate("\(mode): \(total) requests", to: 30), cssClass: "legend")
        }
        return svg.markup
    }
}

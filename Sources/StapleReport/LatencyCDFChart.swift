/// Draws the distribution of time to first byte per (sweep point, mode) as cumulative curves.
///
/// The y axis is the share of handshakes with a time at or below x (an empirical CDF, a step
/// function through every sample). With a sweep, each point is its own curve, at most
/// `maxSeries` of them (the first ones, in summary order).
public enum LatencyCDFChart {
    /// The most curves drawn.
    public static let maxSeries = 10
    static let width = 960.0, height = 380.0
    static let left = 64.0, right = 700.0, top = 20.0, bottom = 330.0

    /// The `<svg>` element, or `nil` when no row has a time to first byte.
    public static func render(_ rows: [SummaryRow], modes: [String]) -> String? {
        let series = rows.filter { $0.latency.count > 0 }.prefix(maxSeries)
        guard let maxValue = series.compactMap(\.latency.max).max() else { return nil }
        let ticks = AxisTicks.ticks(from: 0, to: maxValue, count: 6)
        let x = LinearScale(domain: 0...(ticks.last ?? maxValue), range: (left, right))
        let y = LinearScale(domain: 0...1, range: (bottom, top))
        var svg = SVGDocument(width: width, height: height, title: "Time to first byte, cumulative, per mode")

        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        for tick in ticks {
            svg.line(x(tick), top, x(tick), bottom, cssClass: "grid")
            svg.text(x(tick), bottom + 16, AxisTicks.label(tick, step: step), cssClass: "tick", anchor: "middle")
        }
        for share in [0.0, 0.25, 0.5, 0.75, 1.0] {
            svg.line(left, y(share), right, y(share), cssClass: "grid")
            svg.text(left - 8, y(share) + 4, "\(Int(share * 100))%", cssClass: "tick", anchor: "end")
        }
        svg.text((left + right) / 2, bottom + 38, "time to first byte (ms)", cssClass: "axis-title", anchor: "middle")

        let points = Array(Set(series.map(\.sweepPoint))).sorted()
        for (index, row) in series.enumerated() {
            let samples = row.latency.samples
            var line: [(Double, Double)] = [(x(samples[0]), y(0))]
            for (i, sample) in samples.enumerated() {
                line.append((x(sample), y(Double(i) / Double(samples.count))))
                line.append((x(sample), y(Double(i + 1) / Double(samples.count))))
            }
            let color = ReportPalette.color(row.mode, among: modes)
            let dash = points.count > 1 ? ["", "6 3", "2 3", "10 4 2 4"][(points.firstIndex(of: row.sweepPoint) ?? 0) % 4] : ""
            let style = "stroke:\(color)" + (dash.isEmpty ? "" : ";stroke-dasharray:\(dash)")
            svg.polyline(line, cssClass: "series", style: style)
            let name = row.sweepPoint.isEmpty ? row.mode : "\(row.mode) @ \(row.sweepPoint)"
            let legendY = top + 10 + Double(index) * 20
            svg.line(right + 20, legendY, right + 44, legendY, cssClass: "series", style: style)
            svg.text(right + 50, legendY + 4, HTMLText.truncate("\(name) (n=\(samples.count))", to: 30),
                     cssClass: "legend", tooltip: name)
        }
        if rows.filter({ $0.latency.count > 0 }).count > maxSeries {
            svg.text(right + 20, top + 10 + Double(maxSeries) * 20, "(first \(maxSeries) shown)", cssClass: "legend")
        }
        return svg.markup
    }
}

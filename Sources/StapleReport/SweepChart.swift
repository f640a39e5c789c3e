/// Draws time to first byte against the swept value, per mode, with the model's prediction.
///
/// Per mode: the measured median (solid line through dots, a whisker up to the 90th
/// percentile) and the model's prediction (dashed line), in the mode's colour.
public enum SweepChart {
    static let width = 960.0, height = 400.0
    static let left = 70.0, right = 700.0, top = 20.0, bottom = 340.0

    /// The `<svg>` element, or `nil` when fewer than two sweep points have a value and a median.
    public static func render(_ rows: [SummaryRow], axis: SweepAxis, modes: [String]) -> String? {
        let placed = rows.compactMap { row in axis.values[row.sweepPoint].map { (x: $0, row: row) } }
        guard Set(placed.filter { $0.row.p50Ms != nil }.map(\.x)).count >= 2 else { return nil }
        let xs = placed.map(\.x)
        let ys = placed.flatMap { [$0.row.p90Ms, $0.row.p50Ms, $0.row.modelMs].compactMap { $0 } }
        let xTicks = AxisTicks.ticks(from: xs.min() ?? 0, to: xs.max() ?? 1, count: 6)
        let yTicks = AxisTicks.ticks(from: 0, to: ys.max() ?? 1, count: 6)
        let x = LinearScale(domain: (xTicks.first ?? 0)...(xTicks.last ?? 1), range: (left, right))
        let y = LinearScale(domain: 0...(yTicks.last ?? 1), range: (bottom, top))
        var svg = SVGDocument(width: width, height: height, title: "Time to first byte against \(axis.name)")

        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1, yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        for tick in xTicks {
            svg.line(x(tick), top, x(tick), bottom, cssClass: "grid")
            svg.text(x(tick), bottom + 16, AxisTicks.label(tick, step: xStep), cssClass: "tick", anchor: "middle")
        }
        for tick in yTicks {
            svg.line(left, y(tick), right, y(tick), cssClass: "grid")
            svg.text(left - 8, y(tick) + 4, AxisTicks.label(tick, step: yStep), cssClass: "tick", anchor: "end")
        }
        let unit = axis.unit.isEmpty ? "" : " (\(axis.unit))"
        svg.text((left + right) / 2, bottom + 38, axis.name + unit, cssClass: "axis-title", anchor: "middle")
        svg.text(16, (top + bottom) / 2, "ms", cssClass: "axis-title", anchor: "middle")

        var legendRow = 0
        for mode in modes {
            let points = placed.filter { $0.row.mode == mode }.sorted { $0.x < $1.x }
            guard !points.isEmpty else { continue }
            let color = ReportPalette.color(mode, among: modes)
            let measured = points.compactMap { p in p.row.p50Ms.map { (x(p.x), y($0)) } }
            let model = points.compactMap { p in p.row.modelMs.map { (x(p.x), y($0)) } }
            svg.polyline(measured, cssClass: "series", style: "stroke:\(color)")
            svg.polyline(model, cssClass: "series model", style: "stroke:\(color)")
            for point in points {
                guard let p50 = point.row.p50Ms else { continue }
                if let p90 = point.row.p90Ms {
                    svg.line(x(point.x), y(p50), x(point.x), y(p90), cssClass: "whisker", style: "stroke:\(color)")
                }
                let tip = "\(mode) @ \(point.row.sweepPoint): p50 \(FixedPoint.string(p50, decimals: 1) ?? "?") ms"
                    + (point.row.modelMs.map { ", model \(FixedPoint.string($0, decimals: 1) ?? "?") ms" } ?? "")
                svg.circle(x(point.x), y(p50), 3.5, cssClass: "dot", style: "fill:\(color)", tooltip: tip)
            }
            for (text, css) in [("\(mode) measured p50", "series"), ("\(mode) model", "series model")] {
                let ly = top + 10 + Double(legendRow) * 20
                svg.line(right + 20, ly, right + 44, ly, cssClass: css, style: "stroke:\(color)")
                svg.text(right + 50, ly + 4, HTMLText.truncate(text, to: 30), cssClass: "legend", tooltip: text)
                legendRow += 1
            }
        }
        return svg.markup
    }
}

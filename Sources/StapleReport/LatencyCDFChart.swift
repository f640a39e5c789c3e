/// Draws the distribution of time to first byte per (sweep point, mode) as cumulative curves.
///
/// The y axis is the share of handshakes with a time at or below x (an empirical CDF, a step
/// function through every sample). With a sweep, each point is its own curve, at most
/// `maxSeries` of them (the first ones, in summary order), named in the legend by its short label
/// (`classic @ 20ms`, the swept fields said once above the legend, see ``SweepLabels``); the
/// drawing grows taller when the legend needs the room, so that every entry keeps its own line.
public enum LatencyCDFChart {
    /// The most curves drawn.
    public static let maxSeries = 24
    static let width = 960.0, plotHeight = 380.0
    static let left = 64.0, right = 700.0, top = 20.0, bottom = 330.0
    /// One legend entry's height.
    static let legendLine = 18.0

    /// The legend's name of each (sweep point, mode): `mode @ value`, with the fields of a sweep
    /// whose points all set the same ones said once (returned as `fields`, else empty).
    static func names(_ rows: [SummaryRow]) -> (names: [String], fields: String) {
        let short = SweepLabels(rows.map(\.sweepPoint).filter { !$0.isEmpty })
        let names = rows.map { row in
            row.sweepPoint.isEmpty ? row.mode : "\(row.mode) @ \(short?.values[row.sweepPoint] ?? row.sweepPoint)"
        }
        return (names, short?.fields ?? "")
    }

    /// The `<svg>` element, or `nil` when no row has a time to first byte.
    public static func render(_ rows: [SummaryRow], modes: [String]) -> String? {
        let series = rows.filter { $0.latency.count > 0 }.prefix(maxSeries)
        guard let maxValue = series.compactMap(\.latency.max).max() else { return nil }
        let ticks = AxisTicks.ticks(from: 0, to: maxValue, count: 6)
        let x = LinearScale(domain: 0...(ticks.last ?? maxValue), range: (left, right))
        let y = LinearScale(domain: 0...1, range: (bottom, top))
        let (names, fields) = Self.names(Array(series))
        let legendTop = top + 10 + (fields.isEmpty ? 0 : legendLine)
        let more = rows.filter({ $0.latency.count > 0 }).count > maxSeries
        let legendBottom = legendTop + Double(series.count + (more ? 1 : 0)) * legendLine
        var svg = SVGDocument(width: width, height: max(plotHeight, legendBottom + 10),
                              title: "Time to first byte, cumulative, per mode")

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
            let point = points.firstIndex(of: row.sweepPoint) ?? 0
            let dash = points.count > 1 ? ["", "6 3", "2 3", "10 4 2 4"][point % 4] : ""
            // Past four points the dashes repeat: the points also go from faint to full, in order.
            let opacity = points.count > 4 ? 0.3 + 0.7 * Double(point) / Double(points.count - 1) : 1
            let style = "stroke:\(color)" + (dash.isEmpty ? "" : ";stroke-dasharray:\(dash)")
                + (opacity < 1 ? ";stroke-opacity:\(FixedPoint.string(opacity, decimals: 2) ?? "1")" : "")
            svg.polyline(line, cssClass: "series", style: style)
            let name = names[index]
            let legendY = legendTop + Double(index) * legendLine
            svg.line(right + 20, legendY, right + 44, legendY, cssClass: "series", style: style)
            svg.text(right + 50, legendY + 4, HTMLText.truncate(name, to: 24) + " (n=\(samples.count))",
                     cssClass: "legend", tooltip: row.sweepPoint.isEmpty ? name : "\(row.mode) @ \(row.sweepPoint)")
        }
        if !fields.isEmpty {
            svg.text(right + 20, top + 14, HTMLText.truncate(fields, to: 34), cssClass: "legend", tooltip: fields)
        }
        if more {
            svg.text(right + 20, legendTop + Double(series.count) * legendLine, "(first \(maxSeries) shown)", cssClass: "legend")
        }
        return svg.markup
    }
}

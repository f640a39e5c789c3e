/// Draws a `Waterfall` as an SVG sequence diagram to time scale.
///
/// Parties are vertical lanes; time runs down, linearly, from the handshake's start; each
/// message is an arrow from its sender's lane at the time it was sent to its receiver's lane at
/// the time it arrived (slanted by the link's delay; level when only one instant is known); a
/// phase a party spends alone (the emulated TCP handshake) is a bar on its lane. Labels are
/// listed to the right in time order, each joined to its arrow by a dotted leader, pushed down
/// just enough never to overlap.
public enum WaterfallChart {
    static let width = 960.0
    static let laneLeft = 70.0, laneRight = 560.0, labelLeft = 582.0
    static let top = 56.0, labelSpacing = 17.0

    /// The `<svg>` element for `waterfall`, arrows in `color`.
    public static func render(_ waterfall: Waterfall, color: String) -> String {
        let steps = waterfall.steps.enumerated()
            .sorted { ($0.element.timeMs, $0.offset) < ($1.element.timeMs, $1.offset) }.map(\.element)
        let lanes = waterfall.allLanes
        let maxTime = max(steps.map(\.endMs).max() ?? 0, 0.001)
        let plotHeight = max(240, labelSpacing * Double(steps.count))
        let y = LinearScale(domain: 0...maxTime, range: (top, top + plotHeight))

        var labelYs: [Double] = []
        for step in steps { labelYs.append(max(y(step.timeMs), (labelYs.last ?? -.infinity) + labelSpacing)) }
        let bottom = max(top + plotHeight, labelYs.last ?? 0) + 28
        var svg = SVGDocument(width: width, height: bottom,
                              title: "\(waterfall.mode): one handshake to time scale, \(steps.count) steps")
        let marker = "arrow-" + MermaidText.alias(waterfall.mode)
        svg.arrowMarker(id: marker, color: color)

        // Time axis and grid.
        let ticks = AxisTicks.ticks(from: 0, to: maxTime, count: 6)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        for tick in ticks where tick <= maxTime * 1.0001 {
            svg.line(laneLeft - 6, y(tick), laneRight, y(tick), cssClass: "grid")
            svg.text(laneLeft - 10, y(tick) + 4, AxisTicks.label(tick, step: step) + " ms", cssClass: "tick", anchor: "end")
        }

        // Lanes.
        let spacing = (laneRight - laneLeft) / Double(max(lanes.count, 1))
        let laneX = Dictionary(lanes.enumerated().map { ($0.element, laneLeft + (Double($0.offset) + 0.5) * spacing) },
                               uniquingKeysWith: { first, _ in first })
        let limit = max(Int(spacing / 8.5), 4)
        for lane in lanes {
            let x = laneX[lane] ?? laneLeft
            let lines = headerLines(lane, limit: limit)
            for (index, line) in lines.enumerated() {
                svg.text(x, (lines.count == 1 ? 34 : 20) + Double(index) * 15, line, cssClass: "lane",
                         anchor: "middle", tooltip: lane)
            }
            svg.line(x, top - 10, x, bottom - 12, cssClass: "lifeline")
        }

        // Arrows and labels.
        for (index, step) in steps.enumerated() {
            let from = laneX[step.from] ?? laneLeft, to = laneX[step.to] ?? laneLeft
            let at = y(step.timeMs), arrival = y(step.arrivalMs ?? step.timeMs)
            if from == to && step.arrivalMs != nil {
                svg.line(from, at, from, arrival, cssClass: "phase", style: "stroke:\(color)")
            } else if from == to {
                svg.circle(from, at, 4, cssClass: "self", style: "fill:\(color)")
            } else {
                svg.line(from, at, to, arrival, cssClass: "arrow", style: "stroke:\(color)", markerEnd: marker)
            }
            let time = (FixedPoint.string(step.timeMs, decimals: 1) ?? "?") + " ms"
            let took = step.arrivalMs.map { " → " + (FixedPoint.string($0, decimals: 1) ?? "?") + " ms" } ?? ""
            let full = "\(time)\(took)  \(step.label) (\(step.from) → \(step.to))"
            // The leader leaves the arrow's rightmost end.
            svg.line(max(from, to) + 6, to > from ? arrival : at, labelLeft - 4, labelYs[index], cssClass: "leader")
            svg.text(labelLeft, labelYs[index] + 4, HTMLText.truncate("\(time)  \(step.label)", to: 52),
                     cssClass: "label", tooltip: full)
        }
        return svg.markup
    }

    /// A lane's name on at most two lines of at most `limit` characters, split at spaces.
    static func headerLines(_ name: String, limit: Int) -> [String] {
        guard name.count > limit else { return [name] }
        var first = ""
        var words = name.split(separator: " ").map(String.init)
        while let word = words.first, (first.isEmpty ? word.count : first.count + 1 + word.count) <= limit {
            first += (first.isEmpty ? "" : " ") + word
            words.removeFirst()
        }
        if first.isEmpty { return [HTMLText.truncate(name, to: limit)] }
        return [first, HTMLText.truncate(words.joined(separator: " "), to: limit)]
    }
}

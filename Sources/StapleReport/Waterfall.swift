/// One representative handshake of a mode, as steps at their real times between party lanes.
public struct Waterfall: Hashable, Sendable {
    /// The mode it represents.
    public var mode: String
    /// A caption (`Alice → example.com, seq 12, ttfb 52.4 ms`).
    public var caption: String
    /// The lanes, left to right; parties named only in `steps` are appended in order of appearance.
    public var lanes: [String]
    /// The messages, in any order (they are drawn by time).
    public var steps: [WaterfallStep]

    /// Makes a waterfall.
    public init(mode: String, caption: String = "", lanes: [String] = [], steps: [WaterfallStep]) {
        self.mode = mode
        self.caption = caption
        self.lanes = lanes
        self.steps = steps
    }

    /// The lanes given, then every other party of the steps in order of appearance.
    public var allLanes: [String] {
        var result = lanes
        for step in steps.sorted(by: { $0.timeMs < $1.timeMs }) {
            for lane in [step.from, step.to] where !result.contains(lane) { result.append(lane) }
        }
        return result
    }
}

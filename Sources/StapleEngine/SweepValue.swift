import StapleCore

/// One value a sweep sets a field to, already parsed for that field's type.
public enum SweepValue: Hashable, Sendable, CustomStringConvertible {
    /// A duration (`links.client-server.rtt`, `responder.delay`, …).
    case delay(Delay)
    /// A bandwidth (`links.*.bandwidth`).
    case bandwidth(Scenario.Bandwidth)
    /// A whole number (`workload.concurrency`, `server.workers`, …).
    case integer(Int)
    /// A number (`time_scale`).
    case number(Double)
    /// true or false (`server.verify`, …).
    case flag(Bool)
    /// One of a field's names (`server.policy`: `lazy`, …).
    case choice(String)

    /// The value as a scenario file writes it: `20ms`, `10mbit`, `4`, `0.5`, `true`, `lazy`.
    public var description: String {
        switch self {
        case .delay(let delay): return delay.description
        case .bandwidth(let bandwidth): return bandwidth.description
        case .integer(let value): return String(value)
        case .number(let value): return SweepValue.format(value)
        case .flag(let value): return value ? "true" : "false"
        case .choice(let name): return name
        }
    }

    /// A number in its shortest exact form, without a trailing `.0`.
    static func format(_ value: Double) -> String {
        var text = String(value)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

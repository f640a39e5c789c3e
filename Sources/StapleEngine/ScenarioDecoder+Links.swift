import StapleCore

extension ScenarioDecoder {
    /// The keys of a link.
    static let linkKeys = ["delay", "rtt", "jitter", "bandwidth", "faults"]
    /// The keys of a link fault.
    static let faultKeys = ["kind", "after_bytes", "after", "from", "to"]

    /// The fields a link mapping gives (nil for those it leaves out).
    struct LinkParts {
        var delay: Delay?
        var jitter: Delay?
        var bandwidth: Scenario.Bandwidth?
        var faults: [Scenario.Link.Fault]?
    }

    /// `links:` at the top level: a link per pair, no delay where none is given.
    func links(_ node: YAMLValue, path: String) -> Scenario.Links? {
        guard let fields = mapping(node, path: path, known: Scenario.LinkPair.allCases.map(\.rawValue)) else { return nil }
        var links = Scenario.Links()
        for pair in Scenario.LinkPair.allCases {
            guard let value = fields[pair.rawValue], let parts = linkParts(value, path: fields.path(pair.rawValue)) else {
                continue
            }
            links[pair] = Scenario.Link.Override(delay: parts.delay, jitter: parts.jitter, bandwidth: parts.bandwidth,
                                                 faults: parts.faults).applied(to: Scenario.Link())
        }
        return links
    }

    /// One link's fields: `delay` (one-way) or `rtt` (round trip, split evenly), not both.
    func linkParts(_ node: YAMLValue, path: String) -> LinkParts? {
        guard let fields = mapping(node, path: path, known: ScenarioDecoder.linkKeys) else { return nil }
        var parts = LinkParts()
        parts.delay = fields["delay"].flatMap { delay($0, path: fields.path("delay")) }
        if let node = fields["rtt"] {
            if fields.has("delay") {
                report(.conflict, line: fields.line("rtt"), path: fields.path("rtt"),
                       "give either delay (one-way) or rtt (round trip), not both; delay: 20ms is rtt: 40ms")
            } else if let rtt = delay(node, path: fields.path("rtt")) {
                parts.delay = Scenario.Link.oneWay(rtt: rtt)
            }
        }
        parts.jitter = fields["jitter"].flatMap { delay($0, path: fields.path("jitter")) }
        parts.bandwidth = fields["bandwidth"].flatMap { bandwidth($0, path: fields.path("bandwidth")) }
        if let node = fields["faults"] {
            parts.faults = faults(node, path: fields.path("faults"))
        } else if fields.entries["faults"] != nil {
            parts.faults = []
        }
        return parts
    }

    /// A link's `faults:`, in time order, windows not overlapping.
    private func faults(_ node: YAMLValue, path: String) -> [Scenario.Link.Fault] {
        guard let items = list(node, path: path, example: "[{kind: hang, from: 10s, to: 1m}]") else { return [] }
        var faults: [(index: Int, fault: Scenario.Link.Fault, line: Int)] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let fields = mapping(item, path: itemPath, known: ScenarioDecoder.faultKeys) else { continue }
            guard let kindNode = fields["kind"] else {
                missing(fields, "kind", "say what the link does: one of \(Scenario.Link.Fault.Kind.names.joined(separator: ", "))")
                continue
            }
            guard let kindName = choice(kindNode, path: fields.path("kind"), what: "fault kind",
                                        names: Scenario.Link.Fault.Kind.names) else { continue }
            if kindName != "reset", fields.has("after_bytes") {
                report(.conflict, line: fields.line("after_bytes"), path: fields.path("after_bytes"),
                       "after_bytes applies to kind reset only; remove it or use kind: reset")
            }
            if kindName != "close", fields.has("after") {
                report(.conflict, line: fields.line("after"), path: fields.path("after"),
                       "after applies to kind close only; remove it or use kind: close")
            }
            let kind: Scenario.Link.Fault.Kind
            switch kindName {
            case "refuse": kind = .refuse
            case "hang": kind = .hang
            case "reset":
                kind = .resetAfter(bytes: fields["after_bytes"].flatMap { integer($0, path: fields.path("after_bytes"), min: 0) } ?? 0)
            default:
                kind = .closeAfter(fields["after"].flatMap { delay($0, path: fields.path("after")) } ?? .zero)
            }
            guard let window = window(fields) else { continue }
            faults.append((index, Scenario.Link.Fault(kind: kind, window: window), kindNode.mark.line))
        }
        reportOverlaps(faults.map { ($0.index, $0.fault.window, $0.line) }, path: path,
                       what: "a link has one fault at a time")
        return faults.map(\.fault).sorted { $0.window.from < $1.window.from }
    }

    /// `from` and `to` of an outage or fault; nil (after reporting) when `to` is not after `from`.
    func window(_ fields: Fields) -> Scenario.TimeWindow? {
        let from = fields["from"].flatMap { delay($0, path: fields.path("from")) } ?? .zero
        let to = fields["to"].flatMap { delay($0, path: fields.path("to")) }
        let window = Scenario.TimeWindow(from: from, to: to)
        if let to, window.isEmpty {
            report(.emptyWindow, line: fields.line("to"), path: fields.path("to"),
                   "the window ends at \(to), not after its start \(from); make to later than from "
                   + "(or leave to out: until the run ends)")
            return nil
        }
        return window
    }

    /// Reports every window that overlaps an earlier one of the same list.
    func reportOverlaps(_ windows: [(index: Int, window: Scenario.TimeWindow, line: Int)], path: String, what: String) {
        for (position, item) in windows.enumerated() {
            if let earlier = windows[..<position].first(where: { $0.window.overlaps(item.window) }) {
                report(.conflict, line: item.line, path: "\(path)[\(item.index)]",
                       "its window \(item.window) overlaps \(path.split(separator: ".").last ?? "")[\(earlier.index)] "
                       + "\(earlier.window); \(what)")
            }
        }
    }
}

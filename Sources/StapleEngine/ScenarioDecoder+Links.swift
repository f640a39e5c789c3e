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
        windowedList(node, path: path, example: "[{kind: hang, from: 10s, to: 1m}]", keys: ScenarioDecoder.faultKeys,
                     what: "fault kind", names: Scenario.Link.Fault.Kind.names,
                     kindHint: "say what the link does", oneAtATime: "a link has one fault at a time",
                     kind: { fields, kindName -> Scenario.Link.Fault.Kind? in
            if kindName != "reset", fields.has("after_bytes") {
                report(.conflict, line: fields.line("after_bytes"), path: fields.path("after_bytes"),
                       "after_bytes applies to kind reset only; remove it or use kind: reset")
            }
            if kindName != "close", fields.has("after") {
                report(.conflict, line: fields.line("after"), path: fields.path("after"),
                       "after applies to kind close only; remove it or use kind: close")
            }
            switch kindName {
            case "refuse": return .refuse
            case "hang": return .hang
            case "reset":
                return .resetAfter(bytes: fields["after_bytes"].flatMap { integer($0, path: fields.path("after_bytes"), min: 0) } ?? 0)
            default:
                return .closeAfter(fields["after"].flatMap { delay($0, path: fields.path("after")) } ?? .zero)
            }
        }, item: Scenario.Link.Fault.init(kind:window:), window: \.window)
    }
}

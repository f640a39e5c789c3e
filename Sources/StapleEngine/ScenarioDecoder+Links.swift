import StapleCore

extension ScenarioDecoder {
    /// The keys of a link, from its field table.
    static let linkKeys = Scenario.Link.Override.fields.map(\.key)
    /// The keys of a link fault.
    static let faultKeys = Scenario.Link.Fault.fields.map(\.key)

    /// `links:` at the top level: a link per pair, no delay where none is given.
    func links(_ node: YAMLValue, path: String) -> Scenario.Links? {
        guard let fields = mapping(node, path: path, known: Scenario.LinkPair.allCases.map(\.rawValue)) else { return nil }
        var links = Scenario.Links()
        for pair in Scenario.LinkPair.allCases {
            guard let value = fields[pair.rawValue], let override = link(value, path: fields.path(pair.rawValue)) else {
                continue
            }
            links[pair] = override.applied(to: Scenario.Link())
        }
        return links
    }

    /// One link's fields (``Scenario/Link/Override/fields``), those it leaves out nil: `delay`
    /// (one-way) or `rtt` (round trip, split evenly), not both.
    func link(_ node: YAMLValue, path: String) -> Scenario.Link.Override? {
        guard let fields = mapping(node, path: path, known: ScenarioDecoder.linkKeys) else { return nil }
        var link = Scenario.Link.Override()
        decode(fields, table: Scenario.Link.Override.fields, into: &link) { key, _ in
            guard key == "rtt", fields.has("delay") else { return false }
            report(.conflict, line: fields.line("rtt"), path: fields.path("rtt"),
                   "give either delay (one-way) or rtt (round trip), not both; delay: 20ms is rtt: 40ms")
            return true
        }
        if let node = fields["faults"] {
            link.faults = faults(node, path: fields.path("faults"))
        } else if fields.entries["faults"] != nil {
            link.faults = []
        }
        return link
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
                guard case .integer(let bytes)? = value(fields, "after_bytes", in: Scenario.Link.Fault.fields) else {
                    return .resetAfter(bytes: 0)
                }
                return .resetAfter(bytes: bytes)
            default:
                guard case .delay(let after)? = value(fields, "after", in: Scenario.Link.Fault.fields) else { return .closeAfter(.zero) }
                return .closeAfter(after)
            }
        }, item: Scenario.Link.Fault.init(kind:window:), window: \.window)
    }
}

import StapleCore

extension Scenario.Link.Override {
    /// The override that makes any link into `link`: every field given.
    init(_ link: Scenario.Link) {
        self.init(delay: link.delay, jitter: link.jitter, bandwidth: link.bandwidth, faults: link.faults)
    }

    /// The fields of a link (`links.PAIR`, a client's `links.PAIR`), in the order the resolved
    /// YAML writes them: the one table the decoder, ``Scenario/resolvedYAML()`` and the sweep paths
    /// (`links.PAIR.KEY`, `clients.NAME.links.PAIR.KEY`) read. An override writes only what it
    /// gives; a top-level link is written as the override of every field (``init(_:)``). `rtt` is
    /// another way to give `delay` (half of it each way): read, swept, never written.
    static let fields: [ScenarioField<Scenario.Link.Override>] = [
        ScenarioField(key: "delay", kind: .delay(positive: false),
                      text: { link in (link.delay?.description, link.delay.map { "one-way (rtt \(Delay(seconds: $0.seconds * 2)))" }) },
                      set: { link, value in if case .delay(let delay) = value { link.delay = delay } })
            .when { $0.delay != nil },
        ScenarioField(key: "rtt", kind: .delay(positive: false), text: { _ in (nil, nil) },
                      set: { link, value in if case .delay(let rtt) = value { link.delay = Scenario.Link.oneWay(rtt: rtt) } })
            .when { _ in false },
        ScenarioField(key: "jitter", kind: .delay(positive: false), text: { ($0.jitter?.description, nil) },
                      set: { link, value in if case .delay(let jitter) = value { link.jitter = jitter } })
            .when { $0.jitter != nil },
        ScenarioField(key: "bandwidth", kind: .bandwidth, text: { ($0.bandwidth?.description, nil) },
                      set: { link, value in if case .bandwidth(let bandwidth) = value { link.bandwidth = bandwidth } })
            .when { $0.bandwidth != nil },
        .items("faults", { $0.faults }, table: Scenario.Link.Fault.fields),
    ]

    /// The row of `key`, if a link has such a field.
    static func field(_ key: String) -> ScenarioField<Scenario.Link.Override>? { ScenarioField.row(key, in: fields) }
}

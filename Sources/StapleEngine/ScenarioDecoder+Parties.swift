import StapleCore

extension ScenarioDecoder {
    /// The keys of `server:`, from its field table.
    static let serverKeys = Scenario.Server.fields.map(\.key)
    /// The keys of `responder:`.
    static let responderKeys = Scenario.Responder.fields.map(\.key)
    /// The keys of an outage.
    static let outageKeys = Scenario.Outage.fields.map(\.key)
    /// The keys of `resolver:`.
    static let resolverKeys = Scenario.Resolver.fields.map(\.key)
    /// The keys of `workload:`.
    static let workloadKeys = Scenario.Workload.fields.map(\.key)

    /// `server:`: every field of ``Scenario/Server/fields`` with a value kind, then the URL and the restarts.
    func server(_ node: YAMLValue, path: String) -> Scenario.Server? {
        guard let fields = mapping(node, path: path, known: ScenarioDecoder.serverKeys) else { return nil }
        var server = Scenario.Server()
        decode(fields, table: Scenario.Server.fields, into: &server) { key, node in
            guard key == "stapling", case .scalar("on", _, _) = node else { return false }
            report(.unknownName, line: node.mark.line, path: fields.path("stapling"),
                   "'on' is not a stapling choice: stapling follows the mode (auto: on in stapled mode, off "
                   + "otherwise) or is off in every mode (off) (known: auto, off)")
            return true
        }
        // Without a policy, the one the program has (nginx lazy, Apache blocking), else lazy.
        if !fields.has("policy") { server.policy = server.kind.fixedPolicy ?? .lazy }
        server.responderURL = fields["responder_url"].flatMap { responderURL($0, path: fields.path("responder_url")) }
        if let node = fields["restarts"], let items = list(node, path: fields.path("restarts"), example: "[5, 10]") {
            var restarts: [Int] = []
            for (index, item) in items.enumerated() {
                let itemPath = "\(fields.path("restarts"))[\(index)]"
                guard let seq = integer(item, path: itemPath, min: 0) else { continue }
                if let first = restarts.firstIndex(of: seq) {
                    report(.duplicate, line: item.mark.line, path: itemPath, "\(seq) is already restarts[\(first)]; list each once")
                    continue
                }
                restarts.append(seq)
            }
            server.restarts = restarts
        }
        return server
    }

    /// `responder:`.
    func responder(_ node: YAMLValue, path: String) -> Scenario.Responder? {
        guard let fields = mapping(node, path: path, known: ScenarioDecoder.responderKeys) else { return nil }
        var responder = Scenario.Responder()
        decode(fields, table: Scenario.Responder.fields, into: &responder)
        if let node = fields["host"], let host = hostname(node, path: fields.path("host")) { responder.host = host }
        if let node = fields["outages"] { responder.outages = outages(node, path: fields.path("outages")) }
        return responder
    }

    /// `responder.outages:`, in time order, windows not overlapping.
    private func outages(_ node: YAMLValue, path: String) -> [Scenario.Outage] {
        windowedList(node, path: path, example: "[{kind: hang, from: 10s, to: 2h}]", keys: ScenarioDecoder.outageKeys,
                     what: "outage kind", names: Scenario.Outage.Kind.names,
                     kindHint: "say how the responder fails", oneAtATime: "the responder has one outage at a time",
                     kind: { fields, kindName -> Scenario.Outage.Kind? in
            var kind: Scenario.Outage.Kind
            if let plain = Scenario.Outage.Kind(name: kindName), kindName != "slow" {
                kind = plain
            } else {
                guard fields.has("delay") else {
                    missing(fields, "delay", "a slow outage needs the extra delay per request, e.g. delay: 5s")
                    return nil
                }
                guard case .delay(let extra)? = value(fields, "delay", in: Scenario.Outage.fields) else { return nil }
                kind = .slow(extra)
            }
            if kindName != "slow", fields.has("delay") {
                report(.conflict, line: fields.line("delay"), path: fields.path("delay"),
                       "delay applies to kind slow only; remove it or use kind: slow")
            }
            return kind
        }, item: Scenario.Outage.init(kind:window:), window: \.window)
    }

    /// `resolver:`.
    func resolver(_ node: YAMLValue, path: String) -> Scenario.Resolver? {
        section(node, path: path, table: Scenario.Resolver.fields, from: Scenario.Resolver())
    }

    /// `workload:`.
    func workload(_ node: YAMLValue, path: String) -> Scenario.Workload? {
        section(node, path: path, table: Scenario.Workload.fields, from: Scenario.Workload())
    }
}

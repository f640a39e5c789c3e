import StapleCore

extension SweepField {
    /// Sets this field of `scenario` to `value` (a value of this field's kind, as the
    /// loader checked it; a value of another kind leaves the scenario unchanged).
    func apply(_ value: SweepValue, to scenario: inout Scenario) {
        switch target {
        case .seed:
            if case .integer(let seed) = value, seed >= 0 { scenario.seed = UInt64(seed) }
        case .timeScale:
            if case .number(let scale) = value { scenario.timeScale = scale }
        case .link(let pair, let key):
            // A top-level link is the override of every field, put back onto itself.
            var override = Scenario.Link.Override(scenario.links[pair])
            Scenario.Link.Override.field(key)?.set(&override, value)
            scenario.links[pair] = override.applied(to: scenario.links[pair])
        case .clientLink(let name, let pair, let key):
            guard let index = scenario.clients.firstIndex(where: { $0.name == name }) else { return }
            var override = scenario.clients[index].links[pair] ?? Scenario.Link.Override()
            Scenario.Link.Override.field(key)?.set(&override, value)
            scenario.clients[index].links[pair] = override
        case .client(let name, let key):
            guard let index = scenario.clients.firstIndex(where: { $0.name == name }) else { return }
            Scenario.Client.field(key)?.set(&scenario.clients[index], value)
        case .site(let host, let key):
            guard let index = scenario.sites.firstIndex(where: { $0.host == host }) else { return }
            Scenario.Site.field(key)?.set(&scenario.sites[index], value)
        case .section(let name, let key):
            SweepField.section(name)?.apply(key, value, &scenario)
        }
    }
}

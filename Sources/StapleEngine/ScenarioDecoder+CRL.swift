import StapleCore

extension ScenarioDecoder {
    /// The keys of `crl:`, from its field table.
    static let crlKeys = Scenario.CRL.fields.map(\.key)
    /// The keys of `short_lived:`.
    static let shortLivedKeys = Scenario.ShortLived.fields.map(\.key)
    /// The keys of `pushed:`.
    static let pushedKeys = Scenario.Pushed.fields.map(\.key)

    /// `crl:`.
    func crl(_ node: YAMLValue, path: String) -> Scenario.CRL? {
        section(node, path: path, table: Scenario.CRL.fields, from: Scenario.CRL())
    }

    /// `pushed:`.
    func pushed(_ node: YAMLValue, path: String) -> Scenario.Pushed? {
        section(node, path: path, table: Scenario.Pushed.fields, from: Scenario.Pushed())
    }

    /// `short_lived:`.
    func shortLived(_ node: YAMLValue, path: String) -> Scenario.ShortLived? {
        section(node, path: path, table: Scenario.ShortLived.fields, from: Scenario.ShortLived())
    }
}

import StapleCore

extension ScenarioDecoder {
    /// The keys of `crl:`.
    static let crlKeys = ["entries", "next_update", "shards"]
    /// The keys of `short_lived:`.
    static let shortLivedKeys = ["lifetime"]

    /// `crl:`.
    func crl(_ node: YAMLValue, path: String) -> Scenario.CRL? {
        guard let fields = mapping(node, path: path, known: ScenarioDecoder.crlKeys) else { return nil }
        var crl = Scenario.CRL()
        let entries = Scenario.CRL.entriesRange, shards = Scenario.CRL.shardsRange
        if let node = fields["entries"],
           let value = integer(node, path: fields.path("entries"), min: entries.lowerBound, max: entries.upperBound) {
            crl.entries = value
        }
        if let node = fields["next_update"], let value = delay(node, path: fields.path("next_update"), positive: true) {
            crl.nextUpdate = value
        }
        if let node = fields["shards"],
           let value = integer(node, path: fields.path("shards"), min: shards.lowerBound, max: shards.upperBound) {
            crl.shards = value
        }
        return crl
    }

    /// The keys of `pushed:`.
    static let pushedKeys = ["interval", "entries"]

    /// `pushed:`.
    func pushed(_ node: YAMLValue, path: String) -> Scenario.Pushed? {
        guard let fields = mapping(node, path: path, known: ScenarioDecoder.pushedKeys) else { return nil }
        var settings = Scenario.Pushed()
        if let node = fields["interval"], let value = delay(node, path: fields.path("interval"), positive: true) {
            settings.interval = value
        }
        let entries = Scenario.CRL.entriesRange
        if let node = fields["entries"],
           let value = integer(node, path: fields.path("entries"), min: entries.lowerBound, max: entries.upperBound) {
            settings.entries = value
        }
        return settings
    }

    /// `short_lived:`.
    func shortLived(_ node: YAMLValue, path: String) -> Scenario.ShortLived? {
        guard let fields = mapping(node, path: path, known: ScenarioDecoder.shortLivedKeys) else { return nil }
        var settings = Scenario.ShortLived()
        if let node = fields["lifetime"], let value = delay(node, path: fields.path("lifetime"), positive: true) {
            settings.lifetime = value
        }
        return settings
    }
}

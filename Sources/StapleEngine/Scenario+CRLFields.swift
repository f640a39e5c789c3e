import StapleCore

extension Scenario.CRL {
    /// The fields of `crl:`, in the order the resolved YAML writes them: the one table the
    /// decoder, ``Scenario/resolvedYAML()`` and the sweep paths (`crl.KEY`) read.
    static let fields: [ScenarioField<Scenario.CRL>] = [
        .integer("entries", in: entriesRange, \.entries).commented("other revoked serials, about 35 bytes each"),
        .delay("next_update", positive: true, \.nextUpdate),
        .integer("shards", in: shardsRange, \.shards),
    ]
}

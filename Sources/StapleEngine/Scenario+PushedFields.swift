import StapleCore

extension Scenario.Pushed {
    /// The fields of `pushed:`, in the order the resolved YAML writes them: the one table the
    /// decoder, ``Scenario/resolvedYAML()`` and the sweep paths (`pushed.KEY`) read.
    static let fields: [ScenarioField<Scenario.Pushed>] = [
        .delay("interval", positive: true, \.interval),
        .integer("entries", in: Scenario.CRL.entriesRange, \.entries).commented("other revoked serials, about 35 bytes each"),
    ]
}

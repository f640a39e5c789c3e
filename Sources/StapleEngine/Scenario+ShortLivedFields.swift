import StapleCore

extension Scenario.ShortLived {
    /// The fields of `short_lived:`: the one table the decoder, ``Scenario/resolvedYAML()`` and
    /// the sweep paths (`short_lived.KEY`) read.
    static let fields: [ScenarioField<Scenario.ShortLived>] = [
        .delay("lifetime", positive: true, \.lifetime),
    ]
}

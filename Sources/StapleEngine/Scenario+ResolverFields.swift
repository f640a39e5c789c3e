import StapleCore

extension Scenario.Resolver {
    /// The fields of `resolver:`: the one table the decoder, ``Scenario/resolvedYAML()`` and the
    /// sweep paths (`resolver.KEY`) read.
    static let fields: [ScenarioField<Scenario.Resolver>] = [
        .delay("delay", positive: false, \.delay),
    ]
}

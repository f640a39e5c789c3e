import StapleCore

extension Scenario.Responder {
    /// The fields of `responder:`, in the order the resolved YAML writes them: the one table the
    /// decoder, ``Scenario/resolvedYAML()`` and the sweep paths (`responder.KEY`) read.
    static let fields: [ScenarioField<Scenario.Responder>] = [
        .decodedBySection("host") { responder in (YAMLWriter.scalar(responder.host), nil) },
        .delay("delay", positive: false, \.delay),
        .delay("validity", positive: true, \.validity),
        .optionalDelay("max_age", positive: false, \.maxAge, null: "until each response's nextUpdate"),
        .choice("signer", what: "signer", \.signer),
        .items("outages", { $0.outages }, table: Scenario.Outage.fields),
    ]
}

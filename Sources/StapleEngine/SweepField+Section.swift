import StapleCore

extension SweepField {
    /// A section of one mapping whose fields are a table's rows (`server:`, `workload:`, …): a
    /// sweep names its fields `NAME.KEY`, and this finds and sets them through the rows.
    struct Section: Sendable {
        /// The section's key in the file (`server`).
        let name: String
        /// The value kind of the sweepable row `key`; nil when the section has no such row.
        let kind: @Sendable (_ key: String) -> ValueKind?
        /// `NAME.KEY` of every row, sweepable or not (`sweepable`).
        let paths: @Sendable (_ sweepable: Bool) -> [String]
        /// Sets the row `key` of the scenario's section to a value of its kind.
        let apply: @Sendable (_ key: String, SweepValue, inout Scenario) -> Void

        /// The section `name` of `table`, held at `field` of a scenario.
        static func of<Fields: Sendable>(_ name: String, _ table: [ScenarioField<Fields>],
                                         _ field: WritableKeyPath<Scenario, Fields> & Sendable) -> Section {
            Section(name: name,
                    kind: { key in ScenarioField.row(key, in: table).flatMap { $0.sweepable ? $0.kind : nil } },
                    paths: { sweepable in ScenarioField.paths(table, under: name, sweepable: sweepable) },
                    apply: { key, value, scenario in ScenarioField.row(key, in: table)?.set(&scenario[keyPath: field], value) })
        }
    }

    /// The sections of one mapping, in the order the sweep paths list them: adding one is its row here.
    static let sections: [Section] = [
        .of("server", Scenario.Server.fields, \.server),
        .of("responder", Scenario.Responder.fields, \.responder),
        .of("resolver", Scenario.Resolver.fields, \.resolver),
        .of("workload", Scenario.Workload.fields, \.workload),
        .of("crl", Scenario.CRL.fields, \.crl),
        .of("pushed", Scenario.Pushed.fields, \.pushed),
        .of("short_lived", Scenario.ShortLived.fields, \.shortLived),
    ]

    /// The section named `name`, if there is one.
    static func section(_ name: String) -> Section? { sections.first { $0.name == name } }
}

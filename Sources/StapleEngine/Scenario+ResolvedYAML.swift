import StapleCore

extension Scenario {
    /// The scenario as it will be run, as YAML with every default written out: what a run
    /// keeps as `scenario.yaml`. Loading it again gives an equal `Scenario`.
    ///
    /// Two fields stay `null` on purpose, because null is their meaning: `server.responder_url`
    /// (use the certificate's AIA URL) and `responder.max_age` (until each response's
    /// nextUpdate); an outage's or fault's `to: null` means until the run ends.
    public func resolvedYAML() -> String {
        var w = YAMLWriter()
        w.comment("Scenario '\(name)' as staplebench runs it: every default written out.")
        w.comment("Loading this file again gives the same scenario. Fields: Scenarios/README.md.")
        w.line(0, "name", YAMLWriter.scalar(name))
        w.line(0, "description", YAMLWriter.quoted(description))
        w.line(0, "seed", String(seed))
        w.line(0, "time_scale", SweepValue.format(timeScale), comment: "scenario seconds per real second")
        w.line(0, "modes", YAMLWriter.flow(modes.map(\.rawValue)))
        w.line(0, "sites")
        for site in sites { ScenarioField.writeItem(Site.fields, of: site, at: 1, to: &w) }
        w.line(0, "clients")
        for client in clients { ScenarioField.writeItem(Client.fields, of: client, at: 1, to: &w) }
        Scenario.write("server", Server.fields, of: server, to: &w)
        Scenario.write("responder", Responder.fields, of: responder, to: &w)
        Scenario.write("crl", CRL.fields, of: crl, to: &w)
        Scenario.write("pushed", Pushed.fields, of: pushed, to: &w)
        Scenario.write("short_lived", ShortLived.fields, of: shortLived, to: &w)
        Scenario.write("resolver", Resolver.fields, of: resolver, to: &w)
        w.line(0, "links")
        for pair in LinkPair.allCases {
            w.line(1, pair.rawValue)
            ScenarioField.write(Link.Override.fields, of: Link.Override(links[pair]), at: 2, to: &w)
        }
        Scenario.write("workload", Workload.fields, of: workload, to: &w)
        writeSweep(&w)
        writeSimulation(&w)
        return w.text
    }

    /// The top-level section `name` with every row of `table` that applies to `section`.
    private static func write<Section>(_ name: String, _ table: [ScenarioField<Section>], of section: Section,
                                       to w: inout YAMLWriter) {
        w.line(0, name)
        ScenarioField.write(table, of: section, at: 1, to: &w)
    }

    private func writeSweep(_ w: inout YAMLWriter) {
        guard !sweep.isEmpty else {
            w.line(0, "sweep", "[]")
            return
        }
        w.line(0, "sweep", comment: "\(sweepPointCount) point\(sweepPointCount == 1 ? "" : "s")")
        for axis in sweep {
            if axis.fields.count == 1 {
                w.item(1, "field", axis.fields[0].path)
            } else {
                w.item(1, "fields", YAMLWriter.flow(axis.fields.map(\.path)))
            }
            let uniform = axis.values.allSatisfy { tuple in tuple.allSatisfy { $0 == tuple[0] } }
            func text(_ value: SweepValue) -> String {
                if case .choice(let name) = value { return YAMLWriter.scalar(name) }
                return value.description
            }
            let values = axis.values.map { tuple in uniform ? text(tuple[0]) : YAMLWriter.flow(tuple.map(text)) }
            w.line(2, "values", YAMLWriter.flow(values))
        }
    }
}

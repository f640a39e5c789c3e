import StapleCore

extension Scenario.Outage {
    /// The fields of a responder outage (`responder.outages[i]`), in the order the resolved YAML
    /// writes them: the one table its decoder (keys, the value of `delay`) and
    /// ``Scenario/resolvedYAML()`` read. `delay` applies to `slow` only; outages are not swept.
    static let fields: [ScenarioField<Scenario.Outage>] = [
        .decodedBySection("kind") { outage in (outage.kind.name, nil) },
        .carried("delay", kind: .delay(positive: true), { if case .slow(let delay) = $0.kind { .delay(delay) } else { nil } },
                  put: { outage, value in
                      if case .slow = outage.kind, case .delay(let delay) = value { outage.kind = .slow(delay) }
                  }),
    ] + ScenarioField.window(\.window)
}

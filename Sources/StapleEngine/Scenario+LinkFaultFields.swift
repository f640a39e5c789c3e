import StapleCore

extension Scenario.Link.Fault {
    /// The fields of a link's fault (`links.PAIR.faults[i]`), in the order the resolved YAML
    /// writes them: the one table its decoder (keys, the values of `after_bytes` and `after`) and
    /// ``Scenario/resolvedYAML()`` read. `after_bytes` applies to `reset` only, `after` to
    /// `close` only; faults are not swept.
    static let fields: [ScenarioField<Scenario.Link.Fault>] = [
        .decodedBySection("kind") { fault in (fault.kind.name, nil) },
        .carried("after_bytes", kind: .integer(min: 0), { if case .resetAfter(let bytes) = $0.kind { .integer(bytes) } else { nil } },
                  put: { fault, value in
                      if case .resetAfter = fault.kind, case .integer(let bytes) = value { fault.kind = .resetAfter(bytes: bytes) }
                  }),
        .carried("after", kind: .delay(positive: false), { if case .closeAfter(let after) = $0.kind { .delay(after) } else { nil } },
                  put: { fault, value in
                      if case .closeAfter = fault.kind, case .delay(let after) = value { fault.kind = .closeAfter(after) }
                  }),
    ] + ScenarioField.window(\.window)
}

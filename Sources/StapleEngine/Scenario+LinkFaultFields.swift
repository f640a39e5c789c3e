import StapleCore

extension Scenario.Link.Fault {
    /// The fields of a link's fault (`links.PAIR.faults[i]`), in the order the resolved YAML
    /// writes them: the one table its decoder (keys, the values of `after_bytes` and `after`) and
    /// ``Scenario/resolvedYAML()`` read. `after_bytes` applies to `reset` only, `after` to
    /// `close` only; faults are not swept.
    static let fields: [ScenarioField<Scenario.Link.Fault>] = [
        .decodedBySection("kind") { fault in (fault.kind.name, nil) },
        ScenarioField(key: "after_bytes", kind: .integer(min: 0), reader: .section,
                      text: { fault in
                          guard case .resetAfter(let bytes) = fault.kind else { return (nil, nil) }
                          return (String(bytes), nil)
                      },
                      set: { fault, value in
                          if case .resetAfter = fault.kind, case .integer(let bytes) = value { fault.kind = .resetAfter(bytes: bytes) }
                      }).notSwept().when { fault in
            if case .resetAfter = fault.kind { return true }
            return false
        },
        ScenarioField(key: "after", kind: .delay(positive: false), reader: .section,
                      text: { fault in
                          guard case .closeAfter(let after) = fault.kind else { return (nil, nil) }
                          return (after.description, nil)
                      },
                      set: { fault, value in
                          if case .closeAfter = fault.kind, case .delay(let after) = value { fault.kind = .closeAfter(after) }
                      }).notSwept().when { fault in
            if case .closeAfter = fault.kind { return true }
            return false
        },
    ] + ScenarioField.window(\.window)
}

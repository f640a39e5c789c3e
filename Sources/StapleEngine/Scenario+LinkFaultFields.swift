import StapleCore

extension Scenario.Link.Fault {
    /// The fields of a link's fault (`links.PAIR.faults[i]`), in the order the resolved YAML
    /// writes them: the one table its decoder (keys, the values of `after_bytes` and `after`) and
    /// ``Scenario/resolvedYAML()`` read. `after_bytes` applies to `reset` only, `after` to
    /// `close` only; faults are not swept.
    static let fields: [ScenarioField<Scenario.Link.Fault>] = [
        .decodedBySection("kind") { fault in (fault.kind.name, nil) },
        .carried("after_bytes", kind: .integer(min: 0), { fault in
            if case .resetAfter(let bytes) = fault.kind { return .integer(bytes) }
            return nil
        }, put: { fault, value in
            if case .resetAfter = fault.kind, case .integer(let bytes) = value { fault.kind = .resetAfter(bytes: bytes) }
        }),
        .carried("after", kind: .delay(positive: false), { fault in
            if case .closeAfter(let after) = fault.kind { return .delay(after) }
            return nil
        }, put: { fault, value in
            if case .closeAfter = fault.kind, case .delay(let after) = value { fault.kind = .closeAfter(after) }
        }),
    ] + ScenarioField.window(\.window)
}

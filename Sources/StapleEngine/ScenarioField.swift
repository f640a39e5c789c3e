import StapleCore

/// One field of a scenario section in one row: its key, the value it takes, how the resolved
/// YAML writes it and how decoding and sweeps set it.
///
/// A section's table (``Scenario/Server/fields``) drives its decoder (known keys, each value
/// checked as ``kind`` says), ``Scenario/resolvedYAML()`` (every field, in table order) and the
/// sweep paths (`server.KEY` for every row with a ``kind``): adding a field to the section is its
/// stored property and its row.
struct ScenarioField<Section: Sendable>: Sendable {
    /// The key in the file (`fetch_timeout`).
    let key: String
    /// The value a file and a sweep give, checked by the decoder; nil: the section's decoder reads
    /// the field itself (a list, a URL) and sweeps cannot set it.
    let kind: SweepField.ValueKind?
    /// The value as the resolved YAML writes it, with a comment or nil.
    let text: @Sendable (Section) -> (value: String, comment: String?)
    /// Sets the field to a value of ``kind``; a value of another kind leaves it unchanged.
    let set: @Sendable (inout Section, SweepValue) -> Void

    /// A duration (`10s`); `positive` rejects 0.
    static func delay(_ key: String, positive: Bool, _ field: WritableKeyPath<Section, Delay> & Sendable) -> ScenarioField {
        ScenarioField(key: key, kind: .delay(positive: positive), text: { ($0[keyPath: field].description, nil) },
                      set: { section, value in if case .delay(let delay) = value { section[keyPath: field] = delay } })
    }

    /// A duration or null (`null` written with `meaning` as its comment).
    static func optionalDelay(_ key: String, positive: Bool, _ field: WritableKeyPath<Section, Delay?> & Sendable,
                              null meaning: String) -> ScenarioField {
        ScenarioField(key: key, kind: .delay(positive: positive),
                      text: { section in
                          section[keyPath: field].map { ($0.description, nil) } ?? ("null", "null: \(meaning)")
                      },
                      set: { section, value in if case .delay(let delay) = value { section[keyPath: field] = delay } })
    }

    /// true or false.
    static func flag(_ key: String, _ field: WritableKeyPath<Section, Bool> & Sendable) -> ScenarioField {
        ScenarioField(key: key, kind: .flag, text: { ($0[keyPath: field] ? "true" : "false", nil) },
                      set: { section, value in if case .flag(let flag) = value { section[keyPath: field] = flag } })
    }

    /// A whole number in `range`.
    static func integer(_ key: String, in range: ClosedRange<Int>, _ field: WritableKeyPath<Section, Int> & Sendable) -> ScenarioField {
        ScenarioField(key: key, kind: .integer(min: range.lowerBound, max: range.upperBound),
                      text: { (String($0[keyPath: field]), nil) },
                      set: { section, value in if case .integer(let n) = value, range.contains(n) { section[keyPath: field] = n } })
    }

    /// One of a string enum's names, `what` naming it in errors (`policy`, `TLS version`).
    static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, what: String, _ field: WritableKeyPath<Section, E> & Sendable) -> ScenarioField where E.RawValue == String {
        ScenarioField(key: key, kind: .choice(what: what, names: E.allCases.map(\.rawValue)),
                      text: { (YAMLWriter.scalar($0[keyPath: field].rawValue), nil) },
                      set: { section, value in
                          if case .choice(let name) = value, let choice = E(rawValue: name) { section[keyPath: field] = choice }
                      })
    }

    /// Writes every row of `table` for `section` at `indent`, in table order.
    static func write(_ table: [ScenarioField], of section: Section, at indent: Int, to w: inout YAMLWriter) {
        for field in table {
            let (value, comment) = field.text(section)
            w.line(indent, field.key, value, comment: comment)
        }
    }

    /// A field its section's decoder reads itself and sweeps cannot set.
    static func decodedBySection(_ key: String,
                                 text: @escaping @Sendable (Section) -> (value: String, comment: String?)) -> ScenarioField {
        ScenarioField(key: key, kind: nil, text: text, set: { _, _ in })
    }
}

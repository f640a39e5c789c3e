import StapleCore

/// One field of a scenario section in one row: its key, the value it takes, how the resolved
/// YAML writes it and how decoding and sweeps set it.
///
/// A section's table (``Scenario/Server/fields``, ``Scenario/Site/fields``,
/// ``Scenario/Client/fields``, ``Scenario/Link/Override/fields``, …) drives its decoder (known
/// keys, each value checked as ``kind`` says), ``Scenario/resolvedYAML()`` (every field that
/// ``applies``, in table order) and the sweep paths (`server.KEY`, `clients.NAME.KEY`,
/// `sites.HOST.KEY`, `links.PAIR.KEY` for every ``sweepable`` row): adding a field to the
/// section is its stored property and its row.
struct ScenarioField<Section: Sendable>: Sendable {
    /// Who reads a field from a file.
    enum Reader: Sendable {
        /// ``ScenarioDecoder/decode(_:table:into:skip:)``: the value checked as ``kind`` says, then ``set``.
        case table
        /// The section's decoder, which reads it with others or checks more (a list, a URL, a
        /// site's status with its reason and time); it may still read the value by ``kind``.
        case section
    }

    /// The key in the file (`fetch_timeout`).
    let key: String
    /// The value a file and a sweep give; nil: a list, a URL or a name the section's decoder reads itself.
    let kind: SweepField.ValueKind?
    /// The value as the resolved YAML writes it after the key (nil: nothing, the lines of
    /// ``block`` follow), with a comment or nil.
    private(set) var text: @Sendable (Section) -> (value: String?, comment: String?)
    /// Sets the field to a value of ``kind``; a value of another kind leaves it unchanged.
    let set: @Sendable (inout Section, SweepValue) -> Void
    /// Who reads it from a file.
    private(set) var reader: Reader
    /// Whether a sweep can set it: every row with a ``kind`` unless ``notSwept()`` says otherwise.
    private(set) var sweepable: Bool
    /// Whether the field means something for `section` (a real client takes none of the
    /// built-in's profile levers; a link override holds only what it changes): the resolved YAML
    /// writes the rows that do, and the client decoder refuses a key whose row does not apply
    /// to the client it read.
    private(set) var applies: @Sendable (Section) -> Bool = { _ in true }
    /// The lines under the key, at the indent given (a client's link overrides, a link's faults).
    private(set) var block: (@Sendable (Section, Int, inout YAMLWriter) -> Void)?

    /// A row read by ``reader``; sweepable when it has a kind.
    init(key: String, kind: SweepField.ValueKind?, reader: Reader = .table,
         text: @escaping @Sendable (Section) -> (value: String?, comment: String?),
         set: @escaping @Sendable (inout Section, SweepValue) -> Void) {
        self.key = key
        self.kind = kind
        self.text = text
        self.set = set
        self.reader = kind == nil ? .section : reader
        self.sweepable = kind != nil
    }

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

    /// A field its section's decoder reads itself and sweeps cannot set.
    static func decodedBySection(_ key: String,
                                 text: @escaping @Sendable (Section) -> (value: String?, comment: String?)) -> ScenarioField {
        ScenarioField(key: key, kind: nil, text: text, set: { _, _ in })
    }

    /// A value only some sections carry (a reset fault's bytes, a slow outage's delay), read by
    /// its section's decoder and not swept: `carried` gives it where the section carries one (the
    /// row applies there), `put` sets it there.
    static func carried(_ key: String, kind: SweepField.ValueKind, _ carried: @escaping @Sendable (Section) -> SweepValue?,
                        put: @escaping @Sendable (inout Section, SweepValue) -> Void) -> ScenarioField {
        ScenarioField(key: key, kind: kind, reader: .section, text: { (carried($0)?.description, nil) }, set: put)
            .notSwept().when { carried($0) != nil }
    }

    /// A list of items its section's decoder reads (a link's faults, the responder's outages),
    /// not swept: written as `[]` when empty, else as items of `table` below the key; a section
    /// whose `items` are nil (an override that keeps the link's faults) has none to write.
    static func items<Item: Sendable>(_ key: String, _ items: @escaping @Sendable (Section) -> [Item]?,
                                      table: [ScenarioField<Item>]) -> ScenarioField {
        decodedBySection(key) { section in (items(section)?.isEmpty == false ? nil : "[]", nil) }
            .withBlock { section, indent, w in
                for item in items(section) ?? [] { ScenarioField<Item>.writeItem(table, of: item, at: indent, to: &w) }
            }
            .when { items($0) != nil }
    }

    /// The rows `from` and `to` of an item that holds for the window at `field` (a link's fault,
    /// an outage), read by the windowed list's decoder; `to: null` means until the run ends.
    static func window(_ field: KeyPath<Section, Scenario.TimeWindow> & Sendable) -> [ScenarioField] {
        [
            .decodedBySection("from") { ($0[keyPath: field].from.description, nil) },
            .decodedBySection("to") { section in
                let to = section[keyPath: field].to
                return (to?.description ?? "null", to == nil ? "null: until the run ends" : nil)
            },
        ]
    }

    /// This row, but a sweep cannot set it (a client's `kind`, its `profile`).
    func notSwept() -> ScenarioField {
        var row = self
        row.sweepable = false
        return row
    }

    /// This row, read by its section's decoder (with the fields it is checked against).
    func readBySection() -> ScenarioField {
        var row = self
        row.reader = .section
        return row
    }

    /// This row, meaning something only for the sections `applies` holds for.
    func when(_ applies: @escaping @Sendable (Section) -> Bool) -> ScenarioField {
        var row = self
        row.applies = applies
        return row
    }

    /// This row, its line in the resolved YAML followed by `comment`.
    func commented(_ comment: String) -> ScenarioField {
        var row = self
        let text = self.text
        row.text = { section in (text(section).value, comment) }
        return row
    }

    /// This row, with `block`'s lines under its key.
    func withBlock(_ block: @escaping @Sendable (Section, Int, inout YAMLWriter) -> Void) -> ScenarioField {
        var row = self
        row.block = block
        return row
    }

    /// Writes this row for `section` at `indent`, the first line as a list item (`- key: value`) when `item`.
    func write(_ section: Section, at indent: Int, item: Bool = false, to w: inout YAMLWriter) {
        let (value, comment) = text(section)
        if item {
            w.item(indent, key, value ?? "")
        } else {
            w.line(indent, key, value, comment: comment)
        }
        block?(section, indent + (item ? 2 : 1), &w)
    }

    /// Writes every row of `table` that applies to `section` at `indent`, in table order.
    static func write(_ table: [ScenarioField], of section: Section, at indent: Int, to w: inout YAMLWriter) {
        for field in table where field.applies(section) { field.write(section, at: indent, to: &w) }
    }

    /// Writes `section` as an item of a list at `indent`: its first row as `- key: value`, the
    /// others that apply below it.
    static func writeItem(_ table: [ScenarioField], of section: Section, at indent: Int, to w: inout YAMLWriter) {
        guard let first = table.first else { return }
        first.write(section, at: indent, item: true, to: &w)
        write(Array(table.dropFirst()), of: section, at: indent + 1, to: &w)
    }

    /// The row of `key` in `table`, if there is one.
    static func row(_ key: String, in table: [ScenarioField]) -> ScenarioField? { table.first { $0.key == key } }

    /// `prefix.KEY` for every row of `table` a sweep can set (`sweepable`), or cannot (not).
    static func paths(_ table: [ScenarioField], under prefix: String, sweepable: Bool = true) -> [String] {
        table.filter { $0.sweepable == sweepable }.map { "\(prefix).\($0.key)" }
    }
}

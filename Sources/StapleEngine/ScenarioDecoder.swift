import Foundation
import StapleCore

/// Turns a parsed YAML tree into a typed `Scenario`, collecting every error on the way
/// (it never stops at the first one) and remembering the line of every field it saw.
final class ScenarioDecoder {
    /// The file name errors are reported against.
    let file: String
    /// The errors found so far, in the order found.
    private(set) var errors: [ScenarioError] = []
    /// The line of every field seen, by path (`clients[0].timeout`).
    private(set) var lines: [String: Int] = [:]
    /// Per sweep axis, the line of each tuple of values (set by `sweep(_:path:base:)`).
    var sweepLines: [[Int]] = []

    init(file: String) {
        self.file = file
    }

    // MARK: Reporting

    /// Records an error.
    func report(_ code: ScenarioError.Code, line: Int, path: String, _ message: String) {
        errors.append(ScenarioError(code, file: file, line: line, path: path, message: message))
    }

    /// Runs `body`, putting `prefix` before the message of every error it reports.
    func inContext<T>(_ prefix: String, _ body: () -> T) -> T {
        let before = errors.count
        let result = body()
        for index in before..<errors.count { errors[index].message = prefix + errors[index].message }
        return result
    }

    /// Where to report a problem that involves `paths`: the first of them written in the
    /// file, with its line; else the first path, at the line of its closest written parent.
    func place(of paths: [String]) -> (path: String, line: Int) {
        for path in paths {
            if let line = lines[path] { return (path, line) }
        }
        return (paths.first ?? "", line(of: paths))
    }

    /// The line of the first of `paths` that was seen, else of their closest seen parent, else 1.
    func line(of paths: [String]) -> Int {
        for path in paths {
            if let line = lines[path] { return line }
        }
        for path in paths {
            var parent = path
            while let cut = parent.lastIndex(where: { $0 == "." || $0 == "[" }) {
                parent = String(parent[..<cut])
                if let line = lines[parent] { return line }
            }
        }
        return 1
    }

    /// `parent.key`, or `key` at the top level.
    static func join(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }

    // MARK: Shapes

    /// A mapping's entries by key, after checking every key against `known`.
    struct Fields {
        /// The mapping's path.
        let path: String
        /// The mapping's place.
        let mark: YAMLValue.Mark
        /// Entries by key (known keys only).
        let entries: [String: YAMLValue.Entry]

        /// The value of `key`, nil when absent or null.
        subscript(key: String) -> YAMLValue? {
            guard let value = entries[key]?.value, !value.isNull else { return nil }
            return value
        }

        /// Whether `key` is present with a value that is not null.
        func has(_ key: String) -> Bool { self[key] != nil }

        /// The path of `key`.
        func path(_ key: String) -> String { ScenarioDecoder.join(path, key) }

        /// The line of `key`, or of the mapping when the key is absent.
        func line(_ key: String) -> Int { entries[key]?.keyMark.line ?? mark.line }
    }

    /// Reads `node` as a mapping whose keys must be among `known`; unknown keys are errors
    /// with a did-you-mean. Nil (after reporting) when `node` is not a mapping.
    func mapping(_ node: YAMLValue, path: String, known: [String], what: String = "a mapping of keys to values") -> Fields? {
        guard case .mapping(let entries, let mark) = node else {
            report(.wrongType, line: node.mark.line, path: path, "expected \(what), found \(node.kindDescription)")
            return nil
        }
        var byKey: [String: YAMLValue.Entry] = [:]
        for entry in entries {
            let childPath = ScenarioDecoder.join(path, entry.key)
            guard known.contains(entry.key) else {
                report(.unknownKey, line: entry.keyMark.line, path: childPath,
                       "unknown key '\(entry.key)'\(ScenarioSpelling.hint(for: entry.key, among: known))"
                       + ScenarioSpelling.knownList(known))
                continue
            }
            byKey[entry.key] = entry
            lines[childPath] = entry.keyMark.line
        }
        return Fields(path: path, mark: mark, entries: byKey)
    }

    /// Reads `node` as a list; nil (after reporting) when it is not one.
    func list(_ node: YAMLValue, path: String, example: String) -> [YAMLValue]? {
        guard case .sequence(let items, _) = node else {
            report(.wrongType, line: node.mark.line, path: path,
                   "expected a list, found \(node.kindDescription); write e.g. \(example)")
            return nil
        }
        for (index, item) in items.enumerated() { lines["\(path)[\(index)]"] = item.mark.line }
        return items
    }

    /// Reads `node` as a list with at least one item; nil (after reporting) when it is not a list,
    /// or is empty (`empty` says what to write in it).
    func nonEmptyList(_ node: YAMLValue, path: String, example: String, empty: String) -> [YAMLValue]? {
        guard let items = list(node, path: path, example: example) else { return nil }
        guard !items.isEmpty else {
            report(.missing, line: node.mark.line, path: path, "the list is empty; \(empty)")
            return nil
        }
        return items
    }

    /// Each item of the list of mappings at `top[key]` that a scenario needs at least one item of
    /// (`sites`, `clients`), in order: the list reported when missing (`missing` says what to
    /// add) or empty (`empty`), each item read as a mapping whose keys must be among `known` and,
    /// when it is one, given to `body` with its index in the list.
    func forEachRequiredMapping(_ top: Fields, _ key: String, known: [String], missing hint: String, example: String,
                                empty: String, _ body: (_ index: Int, _ fields: Fields) -> Void) {
        guard let node = top[key] else {
            missing(top, key, hint)
            return
        }
        guard let items = nonEmptyList(node, path: top.path(key), example: example, empty: empty) else { return }
        for (index, item) in items.enumerated() {
            if let fields = mapping(item, path: "\(top.path(key))[\(index)]", known: known) { body(index, fields) }
        }
    }

    /// Reports a missing required field.
    func missing(_ fields: Fields, _ key: String, _ hint: String) {
        report(.missing, line: fields.line(key), path: fields.path(key), "missing; \(hint)")
    }

    // MARK: Scalars

    /// The text of a scalar; nil (after reporting) for a list or a mapping.
    func text(_ node: YAMLValue, path: String) -> String? {
        guard case .scalar(let text, _, _) = node else {
            report(.wrongType, line: node.mark.line, path: path, "expected a single value, found \(node.kindDescription)")
            return nil
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// A whole number in `min ... max`.
    func integer(_ node: YAMLValue, path: String, min: Int, max: Int = .max) -> Int? {
        guard let text = text(node, path: path) else { return nil }
        guard let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) else {
            report(.wrongType, line: node.mark.line, path: path, "expected a whole number, found '\(text)'")
            return nil
        }
        guard value >= min else {
            report(.outOfRange, line: node.mark.line, path: path, "must be \(min) or more, found \(value)")
            return nil
        }
        guard value <= max else {
            report(.outOfRange, line: node.mark.line, path: path, "must be at most \(max), found \(value)")
            return nil
        }
        return value
    }

    /// A finite number above zero.
    func positiveNumber(_ node: YAMLValue, path: String) -> Double? {
        guard let text = text(node, path: path) else { return nil }
        guard let value = Double(text), value.isFinite else {
            report(.wrongType, line: node.mark.line, path: path, "expected a number, found '\(text)'")
            return nil
        }
        guard value > 0 else {
            report(.outOfRange, line: node.mark.line, path: path, "must be more than 0, found \(text)")
            return nil
        }
        return value
    }

    /// `true` or `false` (any case).
    func flag(_ node: YAMLValue, path: String) -> Bool? {
        guard let text = text(node, path: path) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            report(.wrongType, line: node.mark.line, path: path, "expected true or false, found '\(text)'")
            return nil
        }
    }

    /// A duration with a unit (`50ms`, `2s`), kept to the nanosecond; `positive` rejects 0. Its
    /// limit is the field's at `limitPath` (a sweep value's field, not its place in the list), else `path`'s.
    func delay(_ node: YAMLValue, path: String, positive: Bool = false, limitPath: String? = nil) -> Delay? {
        guard let text = text(node, path: path) else { return nil }
        let parsed: Delay
        do {
            parsed = try Delay(parsing: text)
        } catch {
            report(.invalidDuration, line: node.mark.line, path: path, error.description)
            return nil
        }
        let delay = Delay(seconds: Double(parsed.nanoseconds) / 1e9)
        let limit = Scenario.durationLimit(for: limitPath ?? path)
        if delay > limit {
            report(.outOfRange, line: node.mark.line, path: path,
                   "must be at most \(limit), found '\(text)'; a run would never make progress")
            return nil
        }
        if positive, delay.seconds <= 0 {
            report(.invalidDuration, line: node.mark.line, path: path,
                   "must be more than 0, found '\(text)'; write e.g. 2s")
            return nil
        }
        return delay
    }

    /// A bandwidth with a unit (`10mbit`, `2MB/s`, `unlimited`).
    func bandwidth(_ node: YAMLValue, path: String) -> Scenario.Bandwidth? {
        guard let text = text(node, path: path) else { return nil }
        do {
            let bandwidth = try Scenario.Bandwidth(parsing: text)
            if !bandwidth.isUnlimited, bandwidth.bitsPerSecond < Scenario.Bandwidth.minimumBitsPerSecond {
                report(.outOfRange, line: node.mark.line, path: path,
                       "must be at least 1kbit (a handshake of a few kilobytes would take minutes), found '\(text)'")
                return nil
            }
            return bandwidth
        } catch {
            report(.invalidBandwidth, line: node.mark.line, path: path, error.description)
            return nil
        }
    }

    /// One of `names`; an unknown one is reported with a did-you-mean and the list.
    func choice(_ node: YAMLValue, path: String, what: String, names: [String]) -> String? {
        guard let text = text(node, path: path) else { return nil }
        guard names.contains(text) else {
            report(.unknownName, line: node.mark.line, path: path,
                   "unknown \(what) '\(text)'\(ScenarioSpelling.hint(for: text, among: names))\(ScenarioSpelling.knownList(names))")
            return nil
        }
        return text
    }

    /// A case of a string enum.
    func choice<E: RawRepresentable & CaseIterable>(_ node: YAMLValue, path: String, what: String, as type: E.Type = E.self)
        -> E? where E.RawValue == String {
        choice(node, path: path, what: what, names: E.allCases.map(\.rawValue)).flatMap(E.init(rawValue:))
    }

    /// Sets every field of `table` read by the table (``ScenarioField/Reader/table``) that `fields`
    /// gives, checking each value as its kind says; `skip` names keys the caller reads itself.
    func decode<Section>(_ fields: Fields, table: [ScenarioField<Section>], into section: inout Section,
                         skip: (String, YAMLValue) -> Bool = { _, _ in false }) {
        for field in table where field.reader == .table {
            guard let kind = field.kind, let node = fields[field.key], !skip(field.key, node) else { continue }
            if let value = value(node, path: fields.path(field.key), kind: kind) { field.set(&section, value) }
        }
    }

    /// A section whose every field is a row of `table`: `node` read as a mapping of the table's
    /// keys, each value checked and set onto `defaults`. Nil (after reporting) when not a mapping.
    func section<Section>(_ node: YAMLValue, path: String, table: [ScenarioField<Section>], from defaults: Section) -> Section? {
        guard let fields = mapping(node, path: path, known: table.map(\.key)) else { return nil }
        var section = defaults
        decode(fields, table: table, into: &section)
        return section
    }

    /// The value `fields` gives for `key`, checked as its row of `table` says (for a field its
    /// section's decoder reads itself); nil when absent, null or reported.
    func value<Section>(_ fields: Fields, _ key: String, in table: [ScenarioField<Section>]) -> SweepValue? {
        guard let kind = ScenarioField.row(key, in: table)?.kind, let node = fields[key] else { return nil }
        return value(node, path: fields.path(key), kind: kind)
    }

    /// A value of a field's kind; a duration is held to the limit of the field at `limitPath` (else `path`).
    func value(_ node: YAMLValue, path: String, kind: SweepField.ValueKind, limitPath: String? = nil) -> SweepValue? {
        switch kind {
        case .delay(let positive): return delay(node, path: path, positive: positive, limitPath: limitPath).map(SweepValue.delay)
        case .bandwidth: return bandwidth(node, path: path).map(SweepValue.bandwidth)
        case .integer(let min, let max): return integer(node, path: path, min: min, max: max).map(SweepValue.integer)
        case .positiveNumber: return positiveNumber(node, path: path).map(SweepValue.number)
        case .flag: return flag(node, path: path).map(SweepValue.flag)
        case .choice(let what, let names): return choice(node, path: path, what: what, names: names).map(SweepValue.choice)
        }
    }

    // MARK: Names

    /// A hostname, reported when malformed.
    func hostname(_ node: YAMLValue, path: String) -> String? {
        guard let text = text(node, path: path) else { return nil }
        guard HostName.isValid(text) else {
            let lower = text.lowercased()
            let fix = lower != text && HostName.isValid(lower)
                ? "write it in lowercase: \(lower)"
                : "use letters, digits and hyphens in dot-separated labels, e.g. example.com"
            report(.invalidValue, line: node.mark.line, path: path, "'\(text)' is not a hostname; \(fix)")
            return nil
        }
        return text
    }

    /// Whether `name` is a simple name: letters, digits, `-`, `_`, `.`, starting with a letter or digit.
    static func isSimpleName(_ name: String, allowDots: Bool) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first.isNumber else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || (allowDots && $0 == ".")) }
    }
}

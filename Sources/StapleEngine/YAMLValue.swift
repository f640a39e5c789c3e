import Yams

/// A YAML document as the scenario decoder reads it: scalars as their text, mappings as
/// ordered entries, every node with the line and column it came from.
///
/// Made from Yams' `Node` (compose, not Decodable) so that every value keeps its place in
/// the file for error messages.
indirect enum YAMLValue: Sendable {
    /// A place in the file (line and column from 1).
    struct Mark: Hashable, Sendable {
        var line: Int
        var column: Int
    }

    /// One `key: value` of a mapping.
    struct Entry: Sendable {
        var key: String
        var keyMark: Mark
        var value: YAMLValue
    }

    /// A scalar's text, and whether it was written plain (unquoted): only a plain `null`,
    /// `~` or nothing at all is null.
    case scalar(String, plain: Bool, Mark)
    /// A mapping, entries in file order.
    case mapping([Entry], Mark)
    /// A sequence.
    case sequence([YAMLValue], Mark)

    /// Where the node starts.
    var mark: Mark {
        switch self {
        case .scalar(_, _, let mark), .mapping(_, let mark), .sequence(_, let mark): return mark
        }
    }

    /// Whether the node is YAML null (`key:` with nothing, `null`, `~`).
    var isNull: Bool {
        if case .scalar(let text, true, _) = self { return ["", "~", "null", "Null", "NULL"].contains(text) }
        return false
    }

    /// `'text'`, `a mapping`, `a list`, `nothing`: for "expected …, found …" messages.
    var kindDescription: String {
        switch self {
        case .scalar(let text, _, _): return isNull ? "nothing" : "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// A YAML syntax problem: where and what.
    struct SyntaxError: Error, Sendable {
        var line: Int
        var message: String
    }

    /// Parses one YAML document; nil for an empty document.
    static func parse(_ text: String) throws(SyntaxError) -> YAMLValue? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw SyntaxError.from(error)
        } catch {
            throw SyntaxError(line: 1, message: "YAML syntax error: \(error)")
        }
        guard let node else { return nil }
        var budget = YAMLValue.maxValues
        return try YAMLValue(node, depth: 0, budget: &budget)
    }

    /// The most values (scalars, lists, mappings) a document may hold once its aliases are
    /// expanded: a few hundred bytes of nested aliases ("billion laughs") would otherwise
    /// expand to gigabytes before any check. Every shipped scenario holds under 500.
    static let maxValues = 100_000
    /// The deepest nesting of lists and mappings a document may have (a scenario needs 5).
    static let maxDepth = 32

    /// Converts a composed node, spending one of `budget` per value.
    init(_ node: Node, depth: Int, budget: inout Int) throws(SyntaxError) {
        let mark = node.mark.map { Mark(line: $0.line, column: $0.column) } ?? Mark(line: 1, column: 1)
        budget -= 1
        guard budget >= 0 else {
            throw SyntaxError(line: mark.line, message: "the document expands to more than \(YAMLValue.maxValues) values "
                              + "(through YAML aliases?); a scenario needs a few hundred, write them out")
        }
        guard depth <= YAMLValue.maxDepth else {
            throw SyntaxError(line: mark.line, message: "lists and mappings are nested more than \(YAMLValue.maxDepth) deep; "
                              + "a scenario needs at most 5 levels (see Scenarios/README.md)")
        }
        try self.init(converting: node, mark: mark, depth: depth, budget: &budget)
    }

    private init(converting node: Node, mark: Mark, depth: Int, budget: inout Int) throws(SyntaxError) {
        switch node {
        case .scalar(let scalar):
            self = .scalar(scalar.string, plain: scalar.style == .plain || scalar.style == .any, mark)
        case .sequence(let sequence):
            var items: [YAMLValue] = []
            for item in sequence { items.append(try YAMLValue(item, depth: depth + 1, budget: &budget)) }
            self = .sequence(items, mark)
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    let line = key.mark?.line ?? mark.line
                    throw SyntaxError(line: line, message: "a key must be a plain name, not a list or a mapping")
                }
                let keyMark = key.mark.map { Mark(line: $0.line, column: $0.column) } ?? mark
                entries.append(Entry(key: keyScalar.string, keyMark: keyMark,
                                     value: try YAMLValue(value, depth: depth + 1, budget: &budget)))
            }
            self = .mapping(entries, mark)
        case .alias:
            throw SyntaxError(line: mark.line, message: "YAML aliases that cannot be resolved are not supported")
        }
    }
}

extension YAMLValue.SyntaxError {
    /// A Yams error as a line and a sentence.
    static func from(_ error: YamlError) -> YAMLValue.SyntaxError {
        func text(_ context: YamlError.Context?, _ problem: String) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, let yaml),
             .parser(let context, let problem, let mark, let yaml),
             .composer(let context, let problem, let mark, let yaml):
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            let hasTab = mark.line >= 1 && mark.line <= lines.count && lines[mark.line - 1].contains("\t")
            return .init(line: mark.line, message: "YAML syntax error: \(text(context, problem))"
                         + (hasTab ? "; indent with spaces, not tabs" : ""))
        case .reader(let problem, let offset, _, let yaml):
            var line = 1
            if let offset {
                line += yaml.prefix(offset).filter { $0 == "\n" }.count
            }
            return .init(line: line, message: "cannot read the YAML text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return .init(line: context.mark.line,
                         message: "key \(keys) appears more than once in the same mapping (first here); keep one")
        default:
            return .init(line: 1, message: "YAML error: \(error)")
        }
    }
}

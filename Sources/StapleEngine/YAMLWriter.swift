/// Writes YAML text line by line, for `Scenario.resolvedYAML()`: block mappings and
/// lists with two-space indentation, flow lists for short lists of plain values.
struct YAMLWriter {
    /// The text so far.
    private(set) var text = ""

    /// `key: value` at `indent` levels, with an optional trailing comment.
    mutating func line(_ indent: Int, _ key: String, _ value: String? = nil, comment: String? = nil) {
        var line = String(repeating: "  ", count: indent) + key + ":"
        if let value { line += " " + value }
        if let comment { line += "  # " + comment }
        text += line + "\n"
    }

    /// A list item that starts a mapping: `- key: value`.
    mutating func item(_ indent: Int, _ key: String, _ value: String) {
        text += String(repeating: "  ", count: indent) + "- " + key + ": " + value + "\n"
    }

    /// A comment line.
    mutating func comment(_ text: String) {
        self.text += "# " + text + "\n"
    }

    /// `[a, b, c]`.
    static func flow(_ values: [String]) -> String { "[" + values.joined(separator: ", ") + "]" }

    /// `text` as a YAML scalar that reads back as the same text: plain when that is safe,
    /// else double-quoted with escapes.
    static func scalar(_ text: String) -> String {
        guard needsQuotes(text) else { return text }
        return quoted(text)
    }

    /// `text` double-quoted, with `\`, `"` and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Whether a plain scalar would read back as something else (null, a bool, a number,
    /// YAML syntax) or not at all.
    private static func needsQuotes(_ text: String) -> Bool {
        if text.isEmpty || text != text.trimmingWhitespaceAndNewlines() { return true }
        if ["null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE",
            "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "n"].contains(text) {
            return true
        }
        if Double(text) != nil || Int(text) != nil { return true }
        if let first = text.first, "-?:,[]{}#&*!|>'\"%@`".contains(first) { return true }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return true }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return true }
        return text.contains { $0.isNewline || ",[]{}".contains($0) }
    }
}

extension String {
    /// The text with `0`s in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }

    /// The text without leading and trailing whitespace and newlines.
    fileprivate func trimmingWhitespaceAndNewlines() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}

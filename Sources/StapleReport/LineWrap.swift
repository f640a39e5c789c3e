/// Greedy line wrapping that breaks only after a given separator, so no word or number is cut.
public enum LineWrap {
    /// `text` in lines of at most `width` characters where possible, broken only after `separator`
    /// (kept at the end of the line; trailing spaces dropped); lines after the first start with
    /// `indent` spaces. A piece longer than the room stays whole on its own line.
    public static func wrap(_ text: String, width: Int, indent: Int = 0, after separator: String = " ") -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while !separator.isEmpty, let range = rest.firstRange(of: separator) {
            pieces.append(String(rest[..<range.upperBound]))
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = ""
        for piece in pieces {
            let candidate = line + piece
            if !line.isEmpty && trimmed(candidate).count > width {
                lines.append(trimmed(line))
                line = pad + piece
            } else {
                line = candidate
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(trimmed(line)) }
        return lines
    }

    private static func trimmed(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }
}

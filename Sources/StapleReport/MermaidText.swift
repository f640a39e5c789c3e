/// Text and identifiers made safe for Mermaid, and read back.
///
/// In message, note and label text, `;` and `#` would end a statement or start an entity,
/// so they are written as Mermaid's entity codes `#59;` and `#35;`; a line break becomes
/// `<br/>` (a CR or CRLF counts as one line break).
public enum MermaidText {
    /// `text` with `;`, `#` and line breaks escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar {
            case ";": out += "#59;"
            case "#": out += "#35;"
            case "\n": out += "<br/>"
            case "\r":
                if pending == "\n" { pending = scalars.next() }
                out += "<br/>"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Undoes `escape`: decimal entity codes (`#59;`) and `<br/>`, `<br>` or `<br />`.
    public static func unescape(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let first = rest.first {
            if first == "#", let end = rest.dropFirst().prefix(8).firstIndex(of: ";"),
               let code = UInt32(rest[rest.index(after: rest.startIndex)..<end]),
               let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
                rest = rest[rest.index(after: end)...]
                continue
            }
            if first == "<", let tag = ["<br/>", "<br />", "<br>"].first(where: { rest.hasPrefix($0) }) {
                out += "\n"
                rest = rest.dropFirst(tag.count)
                continue
            }
            out.append(first)
            rest = rest.dropFirst()
        }
        return out
    }

    /// A participant alias made from a name: ASCII letters, digits, `_` and `.` kept, anything
    /// else (spaces, `-`, `>`, `:`, `,`, non-ASCII) replaced by `_` (`OCSP Server` → `OCSP_Server`).
    public static func alias(_ name: String) -> String {
        let mapped = String(String.UnicodeScalarView(name.unicodeScalars.map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                               || scalar == "_" || scalar == ".") ? scalar : "_"
        }))
        return mapped.isEmpty ? "_" : mapped
    }
}

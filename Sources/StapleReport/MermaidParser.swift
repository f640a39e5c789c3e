import Foundation

/// Reads the Mermaid subset `MermaidRenderer` writes back into a `SequenceDiagram`.
///
/// Accepted, one per line, any indentation: `sequenceDiagram` (first), `participant A` or
/// `participant A as Label`, `A->>B: text`, `Note over A: text` or `Note over A,B: text`,
/// blank lines and `%%` comments. Anything else is an error naming the line.
public enum MermaidParser {
    /// Parses `text`; `source` names it in errors (a file name).
    public static func parse(_ text: String, source: String = "diagram") throws -> SequenceDiagram {
        var diagram = SequenceDiagram()
        var sawHeader = false
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("%%") { continue }
            func fail(_ why: String) -> ReportError {
                ReportError(.malformedDiagram, "\(source):\(index + 1): \(why): \(String(line).debugDescription)")
            }
            guard sawHeader else {
                guard line == "sequenceDiagram" else { throw fail("expected 'sequenceDiagram' first") }
                sawHeader = true
                continue
            }
            if line.hasPrefix("participant ") {
                let rest = line.dropFirst("participant ".count).trimmingWhitespace()
                if let range = rest.range(of: " as ") {
                    diagram.participants.append(SequenceDiagramParticipant(
                        alias: String(rest[..<range.lowerBound].trimmingWhitespace()),
                        label: MermaidText.unescape(String(rest[range.upperBound...].trimmingWhitespace()))))
                } else {
                    guard !rest.isEmpty, !rest.contains(" ") else { throw fail("expected 'participant ALIAS as LABEL'") }
                    diagram.participants.append(SequenceDiagramParticipant(alias: String(rest)))
                }
            } else if line.lowercased().hasPrefix("note over ") {
                let rest = line.dropFirst("note over ".count)
                guard let colon = rest.firstIndex(of: ":") else { throw fail("a note needs ': text'") }
                let over = rest[..<colon].split(separator: ",").map { String($0.trimmingWhitespace()) }
                guard !over.isEmpty, !over.contains("") else { throw fail("a note needs participants after 'over'") }
                diagram.steps.append(.note(over: over, text: trailingText(after: colon, in: rest)))
            } else if let arrow = line.range(of: "->>") {
                let from = String(line[..<arrow.lowerBound].trimmingWhitespace())
                let rest = line[arrow.upperBound...]
                guard let colon = rest.firstIndex(of: ":") else { throw fail("a message needs ': text'") }
                let to = String(rest[..<colon].trimmingWhitespace())
                guard !from.isEmpty, !to.isEmpty else { throw fail("a message needs a sender and a receiver") }
                diagram.steps.append(.message(from: from, to: to, text: trailingText(after: colon, in: rest)))
            } else {
                throw fail("not a participant, message (A->>B: text) or note (Note over A: text)")
            }
        }
        guard sawHeader else {
            throw ReportError(.malformedDiagram, "\(source): empty; expected a line 'sequenceDiagram'")
        }
        return diagram
    }

    private static func trailingText(after colon: Substring.Index, in line: Substring) -> String {
        MermaidText.unescape(String(line[line.index(after: colon)...].trimmingWhitespace()))
    }
}

extension Substring {
    /// Without leading and trailing spaces, tabs and CRs.
    fileprivate func trimmingWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}

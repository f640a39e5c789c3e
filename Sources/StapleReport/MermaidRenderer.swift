/// Writes a `SequenceDiagram` as Mermaid text in the explainer's style.
///
/// ```
/// sequenceDiagram
///     participant Alice as Alice's Browser
///     participant example.com as example.com Server
///
///     Alice->>example.com: TLS Handshake (ClientHello)
///     Note over Alice,example.com: 12.3 ms
/// ```
/// Four-space indentation, one blank line between participants and steps, a newline after
/// the last line. Text is escaped with `MermaidText.escape`.
public enum MermaidRenderer {
    /// The indentation of every line after the first.
    public static let indent = "    "

    /// The diagram's Mermaid text.
    public static func render(_ diagram: SequenceDiagram) -> String {
        var lines = ["sequenceDiagram"]
        for p in diagram.participants {
            lines.append(indent + (p.label.isEmpty || p.label == p.alias
                ? "participant \(p.alias)"
                : "participant \(p.alias) as \(MermaidText.escape(p.label))"))
        }
        if !diagram.participants.isEmpty && !diagram.steps.isEmpty { lines.append("") }
        for step in diagram.steps {
            switch step {
            case let .message(from, to, text):
                lines.append(indent + "\(from)->>\(to): \(MermaidText.escape(text))")
            case let .note(over, text):
                lines.append(indent + "Note over \(over.joined(separator: ",")): \(MermaidText.escape(text))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

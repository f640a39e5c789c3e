/// A Mermaid `sequenceDiagram`: participants, then messages and notes, in order.
///
/// `mermaid` renders it in the explainer's style; `init(mermaid:)` reads that subset back,
/// so two diagrams can be compared by structure (participants and step sequence).
public struct SequenceDiagram: Hashable, Sendable {
    /// The lanes, left to right.
    public var participants: [SequenceDiagramParticipant]
    /// The messages and notes, top to bottom.
    public var steps: [SequenceDiagramStep]

    /// Makes a diagram.
    public init(participants: [SequenceDiagramParticipant] = [], steps: [SequenceDiagramStep] = []) {
        self.participants = participants
        self.steps = steps
    }

    /// The Mermaid text (see `MermaidRenderer`).
    public var mermaid: String { MermaidRenderer.render(self) }

    /// Reads Mermaid text of the supported subset (see `MermaidParser`).
    public init(mermaid: String, source: String = "diagram") throws {
        self = try MermaidParser.parse(mermaid, source: source)
    }

    /// The messages only, as `(from, to, text)`, in order.
    public var messages: [(from: String, to: String, text: String)] {
        steps.compactMap { step in
            if case let .message(from, to, text) = step { return (from, to, text) }
            return nil
        }
    }
}

/// One lane of a sequence diagram: the alias messages use, and the label people read.
public struct SequenceDiagramParticipant: Hashable, Sendable {
    /// The identifier in `A->>B` lines (`Alice`, `OCSP_Server`, `example.com`); see `MermaidText.alias`.
    public var alias: String
    /// The name shown in the diagram (`Alice's Browser`); the alias when empty.
    public var label: String

    /// Makes a participant.
    public init(alias: String, label: String = "") {
        self.alias = alias
        self.label = label
    }
}

/// One line below the participants of a sequence diagram: a message or a note.
public enum SequenceDiagramStep: Hashable, Sendable {
    /// An arrow from one participant to another (or to itself): `A->>B: text`.
    case message(from: String, to: String, text: String)
    /// A note spanning one or more participants: `Note over A,B: text`.
    case note(over: [String], text: String)
}

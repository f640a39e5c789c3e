import ArgumentParser

/// `staplebench diagram`: the explainer's sequence diagrams drawn from a run.
struct DiagramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Print a run's sequence diagrams (Mermaid), drawn from what really happened.")
}

import ArgumentParser
import Foundation
import StapleEngine

/// `staplebench diagram`: the explainer's sequence diagrams drawn from a run.
struct DiagramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Print a run's sequence diagrams (Mermaid), drawn from what really happened.",
        discussion: """
            For each mode, the connection whose time to first byte is nearest the median is turned \
            into a Mermaid sequenceDiagram: a message appears only because its event happened (a \
            revoked, failed or unstapled connection draws what really happened). Paste the output \
            into any Mermaid renderer (e.g. a Markdown file on GitHub).
            """)

    @Argument(help: "A run folder (Results/SCENARIO/TIMESTAMP).")
    var runFolder: String

    @Option(help: "Only this mode (none, classic, stapled, crl, short-lived).")
    var mode: String?

    @Flag(help: "Add the measured time of each step as notes.")
    var timings = false

    func run() throws {
        let run: RunFolder
        do {
            run = try RunFolder.load(runFolder)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.badInput)
        }
        let stories = run.stories.filter { mode == nil || $0.0 == mode }
        if stories.isEmpty {
            let modes = run.stories.map(\.0).joined(separator: ", ")
            printError("--mode \(mode ?? ""): no such mode in \(runFolder) (it has: \(modes))")
            throw ExitCode(ExitStatus.badInput)
        }
        for (index, (name, story)) in stories.enumerated() {
            if stories.count > 1 { print("%% \(name): \(story.record.client) → \(story.record.site), seq \(story.record.seq)") }
            print(story.diagram(timings: timings).mermaid, terminator: "")
            if index < stories.count - 1 { print("") }
        }
    }
}

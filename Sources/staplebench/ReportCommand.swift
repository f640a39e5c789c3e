import ArgumentParser

/// `staplebench report`: rebuild a run's report from its CSVs.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild report.html and the diagrams of a run folder from its CSVs.")
}

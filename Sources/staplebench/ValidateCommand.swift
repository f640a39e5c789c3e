import ArgumentParser
import Foundation
import StapleEngine

/// `staplebench validate FILE…`: check scenario files without running anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files and report every mistake as FILE:LINE: field: what is wrong.",
        discussion: "Nothing is started and nothing is written. Exit code 0 when every file is valid, 2 otherwise.")

    @Argument(help: "Scenario files (YAML). The schema is in Scenarios/README.md.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one scenario file, e.g. Scenarios/classic-vs-stapled.yaml") }
    }

    func run() throws {
        var bad = 0
        for file in files {
            do {
                let scenario = try ScenarioLoader.load(path: file)
                print("\(file): ok (\(scenario.name): \(scenario.sweepPointCount) sweep point(s) × \(scenario.modes.count) mode(s), \(scenario.workload.total) connections each)")
            } catch {
                bad += 1
                printError(error.description)
            }
        }
        if bad > 0 { throw ExitCode(ExitStatus.badInput) }
    }
}

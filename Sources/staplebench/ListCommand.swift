import ArgumentParser
import Foundation
import StapleEngine

/// `staplebench list`: the scenarios that ship with StapleBench.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the scenario files in a folder with what each shows.")

    @Option(name: .long, help: "The folder to list.")
    var dir = "Scenarios"

    func run() throws {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            printError("\(dir): no such folder; run from the StapleBench folder or pass --dir PATH")
            throw ExitCode(ExitStatus.badInput)
        }
        let files = names.filter { $0.hasSuffix(".yaml") }.sorted()
        for file in files {
            let path = dir + "/" + file
            do {
                let scenario = try ScenarioLoader.load(path: path)
                let parts = scenario.sweepPointCount * scenario.modes.count
                print("\(path)")
                print("    \(scenario.description.isEmpty ? "(no description)" : scenario.description)")
                print("    modes: \(scenario.modes.map(\.rawValue).joined(separator: ", ")); \(parts) part(s) × \(scenario.workload.total) connections")
            } catch {
                print("\(path)")
                print("    invalid: \(error.description.split(separator: "\n").first ?? "")")
            }
        }
    }
}

import ArgumentParser
import Foundation
import StapleCore
import StapleEngine
import StapleReport

/// `staplebench list`: the scenarios that ship with StapleBench, or (`list profiles`) the
/// client profiles with the real client each stands for and the source of each value.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the scenario files in a folder with what each shows, or the client profiles.",
        discussion: """
            `staplebench list` lists Scenarios/*.yaml; `staplebench list profiles` lists every client \
            profile (clients[i].profile): which real client and version it stands for, each value and where \
            it comes from (the real client's setting, its source file, what was checked here).
            """)

    /// What to list.
    enum What: String, ExpressibleByArgument, CaseIterable {
        case scenarios, profiles
    }

    @Argument(help: "scenarios (the default) or profiles.")
    var what: What = .scenarios

    @Option(name: .long, help: "The folder to list.")
    var dir = "Scenarios"

    func run() throws {
        if what == .profiles {
            print(Self.profilesText(width: TerminalWidth.current(environment: ProcessInfo.processInfo.environment)),
                  terminator: "")
            return
        }
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

    /// Every profile: its name and what it stands for, then one line per value with its source;
    /// then what each short source name stands for. Lines wrap at `width`, after a space, each
    /// continuation under the text it continues (no word is cut).
    static func profilesText(width: Int = Int.max) -> String {
        func lines(_ text: String, indent: Int) -> String {
            LineWrap.wrap(text, width: width, indent: indent).map { $0 + "\n" }.joined()
        }
        let settingWidth = RevocationProfile.Name.allCases
            .flatMap { RevocationProfile.provenance(of: $0).values.map(\.setting.count) }.max() ?? 0
        return RevocationProfile.Name.allCases.map { name in
            let provenance = RevocationProfile.provenance(of: name)
            return lines("\(name.rawValue): \(provenance.standsFor)", indent: 4) + provenance.values.map { entry in
                lines("    " + entry.setting.padding(toLength: settingWidth, withPad: " ", startingAt: 0)
                      + "  \(entry.value) — \(entry.source)", indent: 6 + settingWidth)
            }.joined()
        }.joined(separator: "\n") + "\nsources:\n"
            + RevocationProfile.references.map { lines("    \($0.label): \($0.full)", indent: 6) }.joined()
    }
}

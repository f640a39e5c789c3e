import ArgumentParser
import Foundation
import StapleEngine
import StapleReport

/// `staplebench report`: rebuild a run's report from its CSVs.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild report.html and the diagrams (MODE.mmd) of a run folder from its CSVs.",
        discussion: "Useful after editing the CSVs, or for results made on another machine. Prints the comparison table too.")

    @Argument(help: "A run folder (Results/SCENARIO/TIMESTAMP).")
    var runFolder: String

    func run() throws {
        let run: RunFolder
        do {
            // Bounded in the number of rows: a streamed run's folder may hold millions.
            run = try RunFolder.load(runFolder, memory: RunMemory())
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.badInput)
        }
        print(ComparisonTable.render(run.summary, width: TerminalWidth.current(environment: ProcessInfo.processInfo.environment)))
        let written = try RunWriter(folder: runFolder).rebuild(run)
        print("Wrote \(written.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")) in \(runFolder)/")
    }
}

import ArgumentParser
import Foundation

/// `staplebench`: measure what OCSP stapling changes about a TLS connection.
struct StapleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staplebench",
        abstract: "Measure what OCSP stapling changes: real TLS handshakes, classic OCSP vs stapled, over loopback with injected delays.",
        discussion: """
            StapleBench starts a client (a browser), a TLS server, the CA's OCSP responder and a DNS \
            resolver on their own loopback addresses, puts a delay/fault link between every pair that \
            talks, and runs real TLS handshakes with classic OCSP (the client asks the responder) and \
            with OCSP stapling (the server hands over a signed response). It logs the latency of every \
            phase and which party learned which hostname, and writes CSVs you can plot.

            With no subcommand it runs the default scenario (Scenarios/classic-vs-stapled.yaml).

            Exit codes: 0 success; 1 a run failed or was incomplete; 2 bad input (a scenario file, \
            a flag); 130 interrupted.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, ValidateCommand.self, ListCommand.self, PKICommand.self, ServeCommand.self,
                      DiagramCommand.self, ReportCommand.self, BenchCommand.self, SimulateCommand.self],
        defaultSubcommand: RunCommand.self)
}

/// The entry point: parse, run, and map errors to the documented exit codes.
@main
enum Main {
    static func main() async {
        // Line-buffered even when standard output is a file or a pipe, so that `serve`'s log
        // (and a run's tables) appear as they are printed, not at exit.
        StandardOutput.lineBuffered()
        do {
            var command = try StapleBench.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = StapleBench.exitCode(for: error)
            if code == .validationFailure {
                // Bad input: a clear message, the usage line, and exit code 2.
                FileHandle.standardError.write(Data((StapleBench.fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.badInput)
            }
            StapleBench.exit(withError: error)
        }
    }
}

/// The exit codes `staplebench` documents.
enum ExitStatus {
    /// Success.
    static let ok: Int32 = 0
    /// A run failed, or ended incomplete.
    static let failed: Int32 = 1
    /// Bad input: a scenario file, a flag, a folder that is not a run.
    static let badInput: Int32 = 2
    /// Interrupted (SIGINT).
    static let interrupted: Int32 = 130
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

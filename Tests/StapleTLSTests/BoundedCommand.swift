import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program someone else wrote (curl, gnutls-cli, openssl) for an interop test, bounded
/// in time: past `timeout` it is killed by its PID (SIGKILL), and the result says so.
///
/// Output goes to files, not pipes, so a chatty program never blocks on a full pipe.
enum BoundedCommand {
    struct Output: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
        var combined: String { stdout + stderr }
        var description: String { "exit \(status)\(timedOut ? " (killed after the timeout)" : "")\n\(combined)" }
    }

    /// The full path of `program` on PATH, or nil when it is not installed.
    static func find(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders: [String] = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        for folder in folders {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `program arguments`, feeding `input` then closing its standard input; blocks the
    /// calling thread (call it from `Task.detached`) for at most `timeout` seconds.
    static func run(_ program: String, _ arguments: [String], input: Data = Data(),
                    timeout: Double = 20) throws -> Output {
        guard let executable = find(program) else {
            throw NSError(domain: "BoundedCommand", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(program) is not installed"])
        }
        let folder = NSTemporaryDirectory() + "staplebench-cmd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outPath = folder + "/out", errPath = folder + "/err", inPath = folder + "/in"
        try input.write(to: URL(fileURLWithPath: inPath))
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() >= deadline {
                timedOut = true
                kill(pid, SIGKILL)
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
                      timedOut: timedOut)
    }
}

import StapleCore
/// Why a real server (nginx, Apache httpd) could not be configured, started or stopped.
///
/// Each case says what was wrong, where, and how to fix it; cases compare by value so a
/// test can assert exactly which error was thrown.
public enum ExternalServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The program is not installed (no executable in any searched folder).
    case programMissing(kind: ExternalServerKind, searched: [String])
    /// A file the server needs from its distribution package is missing (an Apache module).
    case packageFileMissing(kind: ExternalServerKind, path: String)
    /// A lever has a value the config writers cannot use.
    case invalidConfig(field: String, reason: String)
    /// The working folder (or a file in it) could not be prepared.
    case workingDirectory(path: String, reason: String)
    /// The program's own check (`nginx -t`, `apache2 -t`) rejected the configuration.
    case configRejected(kind: ExternalServerKind, configFile: String, output: String)
    /// The program could not be started at all.
    case spawnFailed(program: String, reason: String)
    /// The program exited before it accepted connections.
    case exitedEarly(kind: ExternalServerKind, status: String, logTail: String)
    /// The program exited on its own while it was serving.
    case exitedWhileRunning(kind: ExternalServerKind, status: String, logTail: String)
    /// The port did not accept connections in time.
    case notListening(kind: ExternalServerKind, address: String, waitedSeconds: Double, logTail: String)
    /// No free port could be found on the listen address.
    case noFreePort(host: String, reason: String)
    /// ``ExternalServer/start()`` was called again after ``ExternalServer/stop()``.
    case alreadyStopped(kind: ExternalServerKind)

    /// What went wrong and how to fix it.
    public var description: String {
        switch self {
        case .programMissing(let kind, let searched):
            return "\(kind.displayName) is not installed: no executable `\(kind.programName)` in "
                + "\(searched.joined(separator: ", ")). Install it with `\(kind.installCommand)` "
                + "(Debian package \(kind.debianPackage)), or run .ci/run, which installs it."
        case .packageFileMissing(let kind, let path):
            return "\(kind.displayName) is incomplete: \(path) is missing. "
                + "Install (or reinstall) it with `\(kind.installCommand)`."
        case .invalidConfig(let field, let reason):
            return "external server config, field \(field): \(reason)"
        case .workingDirectory(let path, let reason):
            return "cannot prepare the server's working folder at \(path): \(reason)"
        case .configRejected(let kind, let configFile, let output):
            return "\(kind.programName) rejected the configuration \(configFile):\n\(output)"
        case .spawnFailed(let program, let reason):
            return "cannot start \(program): \(reason)"
        case .exitedEarly(let kind, let status, let logTail):
            return "\(kind.programName) exited before it accepted connections (\(status)). "
                + "The end of its error log:\n\(logTail)"
        case .exitedWhileRunning(let kind, let status, let logTail):
            return "\(kind.programName) exited while serving (\(status)). The end of its error log:\n\(logTail)"
        case .notListening(let kind, let address, let waited, let logTail):
            return "\(kind.programName) did not accept connections on \(address) within \(waited) s, "
                + "so it was stopped; raise startTimeout if the machine is busy. The end of its error log:\n\(logTail)"
        case .noFreePort(let host, let reason):
            return "no free TCP port on \(host): \(reason); give the server an explicit port"
        case .alreadyStopped(let kind):
            return "this \(kind.programName) server was stopped; make a new ExternalServer to start another"
        }
    }
}

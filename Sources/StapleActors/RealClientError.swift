import StapleCore

/// Why a real client cannot run; each case says how to fix it.
public enum RealClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The program is not installed.
    case programMissing(RealClientProgram, searched: [String])
    /// A tool the program needs is missing (`certutil` for Chromium's trust store).
    case helperMissing(tool: String, package: String)
    /// Setting up the program's files failed.
    case setupFailed(String)
    /// `unshare` (util-linux) or `mount` is missing, or a mount namespace cannot be made (not root).
    case namespaceUnavailable(reason: String)
    /// A door could not listen.
    case doorFailed(address: String, reason: String)

    /// What went wrong and how to fix it.
    public var description: String {
        switch self {
        case .programMissing(let program, let searched):
            return "\(program.executable) is not installed (looked in \(searched.joined(separator: ", "))): "
                + "install it with `apt-get install \(program.debianPackage)`, or use kind: builtin"
        case .helperMissing(let tool, let package):
            return "\(tool) is not installed: install it with `apt-get install \(package)`"
        case .setupFailed(let reason):
            return "a real client could not be set up: \(reason)"
        case .namespaceUnavailable(let reason):
            return "a real client needs its own mount namespace for its resolv.conf (unshare -m, as root): \(reason)"
        case .doorFailed(let address, let reason):
            return "a real client's door could not listen on \(address): \(reason)"
        }
    }
}

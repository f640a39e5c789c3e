import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The machine a run was made on, as written to `meta.json`.
public struct MachineInfo: Hashable, Sendable, Codable {
    /// The host's name.
    public var hostname: String
    /// Logical processors available.
    public var cores: Int
    /// Operating system: distribution (when known), kernel name, release and architecture.
    public var os: String

    /// Makes a description.
    public init(hostname: String, cores: Int, os: String) {
        self.hostname = hostname
        self.cores = cores
        self.os = os
    }

    /// This machine, read from `gethostname`, the processor count, `/etc/os-release` and `uname`.
    public static func current() -> MachineInfo {
        var name = [CChar](repeating: 0, count: 256)
        let hostname = gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "unknown"
        var parts: [String] = []
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            parts.append(line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
        var u = utsname()
        if uname(&u) == 0 {
            func text<T>(_ field: T) -> String {
                withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            }
            parts.append("\(text(u.sysname)) \(text(u.release)) \(text(u.machine))")
        }
        return MachineInfo(hostname: hostname, cores: ProcessInfo.processInfo.activeProcessorCount,
                           os: parts.isEmpty ? "unknown" : parts.joined(separator: "; "))
    }
}

#if canImport(Glibc)
import Glibc
#endif
import StapleCore

/// Small POSIX file operations for a real server's working folder.
enum ExternalFiles {
    /// Creates `path` and its missing parents with `mode`; the last one gets `mode` even if it existed.
    static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(ExternalServerError) {
        var partial = ""
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, mode) != 0 && errno != EEXIST {
                throw .workingDirectory(path: partial, reason: String(cString: strerror(errno)))
            }
        }
        guard chmod(path, mode) == 0 else {
            throw .workingDirectory(path: path, reason: "chmod: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `text` to `path` (replacing it, atomically) with exactly `mode`, through the
    /// package's one file writer.
    static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(ExternalServerError) {
        do {
            try AtomicFile.write(text, to: path, permissions: mode)
        } catch {
            throw .workingDirectory(path: path, reason: "\(error)")
        }
    }

    /// Empties (or creates) `path`; false when it cannot.
    static func truncate(_ path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// The whole file as text, or nil when it cannot be read.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The last `count` non-empty lines of the files that exist among `paths`, each block
    /// headed by its file's path.
    static func tail(_ paths: [String], lines count: Int = 20) -> String {
        var blocks: [String] = []
        for path in paths {
            guard let text = read(path) else { continue }
            let lines = text.split(separator: "\n").suffix(count)
            guard !lines.isEmpty else { continue }
            blocks.append("==> \(path) <==\n" + lines.joined(separator: "\n"))
        }
        return blocks.isEmpty ? "(the logs are empty)" : blocks.joined(separator: "\n")
    }

    /// Whether `path` is an executable regular file.
    static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    /// Whether `path` exists.
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The first folder on the way to `path` (itself included) that others cannot enter,
    /// with its mode; nil when every one has the search bit for others.
    static func firstUnsearchableAncestor(of path: String) -> (path: String, mode: mode_t)? {
        var partial = ""
        for component in path.split(separator: "/") {
            partial += "/" + component
            var info = stat()
            guard stat(partial, &info) == 0 else { continue }
            if info.st_mode & S_IXOTH == 0 { return (partial, info.st_mode & 0o7777) }
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole file or nothing: a crash or an error never leaves half a file at the path.
///
/// The bytes go to a temporary file in the target's folder (`.NAME.tmp-PID-RANDOM`), are
/// flushed to disk with `fsync`, and the temporary file is renamed over the target, which
/// POSIX makes atomic within one file system. Missing parent folders are created. On any
/// failure the temporary file is removed and a ``FileWriteError`` names the path and the OS reason.
/// The file gets exactly `permissions`, whatever the process's umask (a real server's children
/// must read its config and document root). The one file writer of the package: run folders,
/// reports and the working folders of real servers and clients all write through it.
public enum AtomicFile {
    /// Writes `text` as UTF-8 to `path`, atomically.
    public static func write(_ text: String, to path: String, permissions: mode_t = 0o644) throws {
        try write(Array(text.utf8), to: path, permissions: permissions)
    }

    /// Writes `bytes` to `path`, atomically, creating missing parent folders.
    public static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws {
        guard !path.isEmpty else {
            throw FileWriteError(.writeFailed, "cannot write a file with an empty path; give a file name")
        }
        let (folder, name) = split(path)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw FileWriteError(.writeFailed, "cannot write '\(path)': the path names a folder, not a file")
        }
        try makeFolders(folder, for: path)

        let temp = "\(folder)/.\(name).tmp-\(getpid())-\(String(UInt32.random(in: .min ... .max), radix: 16))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else {
            throw failure(path, "cannot create temporary file '\(temp)'", errno)
        }
        do {
            guard fchmod(fd, permissions) == 0 else { throw failure(path, "cannot set its permissions", errno) }
            try writeAll(bytes, to: fd, path: path)
            guard fsync(fd) == 0 else { throw failure(path, "cannot flush to disk", errno) }
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        guard close(fd) == 0 else {
            let reason = errno
            unlink(temp)
            throw failure(path, "cannot close the temporary file", reason)
        }
        guard rename(temp, path) == 0 else {
            let reason = errno
            unlink(temp)
            throw failure(path, "cannot rename the temporary file over it", reason)
        }
        syncFolder(folder)
    }

    /// The folder (`.` when none) and the last component of `path`.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// Makes `folder` and its missing parents (like `mkdir -p`).
    static func makeFolders(_ folder: String, for path: String) throws {
        var info = stat()
        if stat(folder, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw FileWriteError(.folderCreationFailed,
                                  "cannot write '\(path)': '\(folder)' exists and is not a folder; "
                                  + "remove it or choose another output path")
            }
            return
        }
        let parent = split(folder).folder
        if parent != folder { try makeFolders(parent, for: path) }
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            let reason = errno
            throw FileWriteError(.folderCreationFailed,
                              "cannot write '\(path)': cannot create folder '\(folder)': \(describe(reason)); "
                              + "check the output path and its permissions")
        }
    }

    /// Writes every byte, retrying short writes and interrupted calls.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure(path, "cannot write \(buffer.count) bytes", errno)
                }
                offset += written
            }
        }
    }

    /// Flushes the folder entry of the rename; best effort (some file systems refuse it).
    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func failure(_ path: String, _ what: String, _ code: Int32) -> FileWriteError {
        FileWriteError(.writeFailed, "cannot write '\(path)': \(what): \(describe(code)); "
                    + "check that the folder exists, is writable and has free space")
    }

    private static func describe(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}

/// The C library's `write(2)`, named apart from `AtomicFile.write`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}

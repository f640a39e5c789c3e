#if canImport(Glibc)
import Glibc
#endif

/// Small POSIX file helpers for the PKI folder: keys are created 0600, never widened, and no
/// file is ever written through a symbolic link or over an existing file by accident.
enum PKIFiles {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// What is at `path`, without following a symbolic link there.
    enum Entry: Equatable { case none, regularFile, directory, symbolicLink, other }

    static func entry(at path: String) -> Entry {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .none }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// Creates `path` and its parents (mode 0755); it must end up a folder.
    static func makeDirectory(_ path: String) throws(PKIFileError) {
        guard !path.isEmpty else { throw PKIFileError(path: path, reason: "the folder name is empty") }
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                throw PKIFileError(path: partial, reason: "cannot create the folder: \(String(cString: strerror(errno)))")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw PKIFileError(path: path, reason: "cannot use the folder: \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw PKIFileError(path: path, reason: "exists and is not a folder; give a folder name")
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw PKIFileError(path: path, reason: "the folder is not writable: \(String(cString: strerror(errno)))")
        }
    }

    /// Checks, before anything is written, that every path in `paths` can be created:
    /// none is a symbolic link or other special file, and none exists unless `replace`.
    static func checkWritable(_ paths: [String], replace: Bool) throws(PKIFileError) {
        for path in paths {
            switch entry(at: path) {
            case .none: continue
            case .symbolicLink:
                throw PKIFileError(path: path, reason: "is a symbolic link; refusing to write a PKI file through it (remove it first)")
            case .regularFile where replace: continue
            case .regularFile:
                throw PKIFileError(path: path, reason: "already exists; refusing to overwrite an existing PKI (pass --force to replace it)")
            case .directory, .other:
                throw PKIFileError(path: path, reason: "exists and is not a regular file; remove it first")
            }
        }
    }

    /// Writes `text` to a new file at `path` with `mode`. An existing regular file is removed
    /// first when `replace`; the file is then created with `O_CREAT | O_EXCL | O_NOFOLLOW`,
    /// so a symbolic link planted at `path` (even after the check) fails instead of being followed.
    static func write(_ text: String, to path: String, mode: mode_t, replace: Bool = false) throws(PKIFileError) {
        if replace, entry(at: path) == .regularFile, unlink(path) != 0 {
            throw PKIFileError(path: path, reason: "cannot replace the file: \(String(cString: strerror(errno)))")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let code = errno
            let reason = code == EEXIST || code == ELOOP
                ? "appeared while writing (a file or symbolic link); refusing to write through it"
                : String(cString: strerror(code))
            throw PKIFileError(path: path, reason: reason)
        }
        defer { close(fd) }
        // The umask may have narrowed the mode: set it exactly (never wider than asked).
        guard fchmod(fd, mode) == 0 else { throw PKIFileError(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw PKIFileError(path: path, reason: String(cString: strerror(errno))) }
            offset += written
        }
    }

    static func read(_ path: String) throws(PKIFileError) -> String {
        guard let file = fopen(path, "rb") else { throw PKIFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func list(_ directory: String) throws(PKIFileError) -> [String] {
        guard let dir = opendir(directory) else { throw PKIFileError(path: directory, reason: String(cString: strerror(errno))) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

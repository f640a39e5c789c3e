import Foundation

/// Checks a run's output folder before anything starts, so that a run never measures for
/// minutes and then cannot write (or silently overwrites an earlier run).
public enum OutputFolderCheck {
    /// What is wrong with `path` as a new run folder, or nil when a run may write there:
    /// it is empty text, an existing file, a folder under a file, a place that cannot be
    /// written, or an earlier run's folder (it holds `meta.json`).
    public static func problem(with path: String, fileManager: FileManager = .default) -> String? {
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
            return "the output folder is empty text; give a folder, e.g. --out Results/mine"
        }
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                return "\(path) is a file, not a folder; give a folder that does not exist yet"
            }
            if fileManager.fileExists(atPath: (path as NSString).appendingPathComponent("meta.json")) {
                return "\(path) holds an earlier run (meta.json); give another --out or remove that folder first"
            }
            return canCreate(in: path) ? nil : "\(path) cannot be written"
        }
        // The nearest existing ancestor must be a folder we may create things in.
        var ancestor = (path as NSString).deletingLastPathComponent
        if ancestor.isEmpty { ancestor = "." }
        while !fileManager.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
            let parent = (ancestor as NSString).deletingLastPathComponent
            if parent == ancestor || parent.isEmpty { ancestor = parent.isEmpty ? "." : parent; break }
            ancestor = parent
        }
        guard fileManager.fileExists(atPath: ancestor, isDirectory: &isDirectory) else {
            return "\(path): no folder on its path exists"
        }
        guard isDirectory.boolValue else {
            return "\(path) lies under \(ancestor), which is a file, not a folder"
        }
        return canCreate(in: ancestor) ? nil : "\(path) cannot be created: \(ancestor) is not writable"
    }

    /// Whether a folder can be made in `folder`: tried for real (and removed), since root
    /// passes every permission check yet cannot write to /proc or a read-only mount.
    static func canCreate(in folder: String) -> Bool {
        let probe = (folder as NSString).appendingPathComponent(".staplebench-probe-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        guard mkdir(probe, 0o700) == 0 else { return false }
        rmdir(probe)
        return true
    }
}

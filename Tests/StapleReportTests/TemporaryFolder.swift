import Foundation

/// A fresh folder under the system's temp folder, removed when released.
final class TemporaryFolder {
    /// Its path.
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "staple-report-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The names in `folder` (relative to this one), sorted.
    func contents(_ folder: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? path : path + "/" + folder).sorted()
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

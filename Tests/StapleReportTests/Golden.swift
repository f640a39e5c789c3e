import Foundation
import Testing

/// Compares text with a reviewed file under `Golden/`.
///
/// Run with `STAPLE_UPDATE_GOLDEN=1` to rewrite the files from the current output (then
/// review the diff before committing).
enum Golden {
    /// The folder holding the golden files.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The text of golden file `name`.
    static func text(_ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// Expects `actual` to equal golden file `name` byte for byte.
    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["STAPLE_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: url)
        }
        let expected = try text(name)
        if actual != expected {
            let a = lines(actual), e = lines(expected)
            let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            Issue.record("""
                \(name) differs at line \(line + 1):
                expected: \(line < e.count ? e[line].debugDescription : "<end>")
                actual:   \(line < a.count ? a[line].debugDescription : "<end>")
                """, sourceLocation: sourceLocation)
        }
    }

    /// Lines split at LF only, each keeping a CR that precedes its LF.
    private static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }
}

import Foundation
import Testing
@testable import StapleEngine

/// Shared helpers for the scenario tests.
enum ScenarioTestSupport {
    /// The package root, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped scenario files, sorted.
    static func shippedScenarioPaths() throws -> [String] {
        let folder = packageRoot.appendingPathComponent("Scenarios")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") }
            .sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    /// Loads `yaml` as `t.yaml`, expecting success.
    static func load(_ yaml: String, file: String = "t.yaml") throws -> Scenario {
        try ScenarioLoader.load(text: yaml, fileName: file)
    }

    /// Loads `yaml` as `t.yaml`, expecting errors, and returns them.
    static func errors(_ yaml: String, file: String = "t.yaml") -> [ScenarioError] {
        do {
            _ = try ScenarioLoader.load(text: yaml, fileName: file)
            return []
        } catch {
            return error.errors
        }
    }

    /// The smallest valid scenario, with `extra` appended (top-level keys).
    static func minimal(_ extra: String = "") -> String {
        """
        sites:
          - host: example.com
        clients:
          - name: Alice
        \(extra)
        """
    }
}

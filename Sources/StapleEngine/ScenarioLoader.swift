import Foundation
import StapleCore

/// Reads scenario files into typed `Scenario`s, or throws every mistake at once.
///
/// Nothing is started and nothing is written before a file loads without errors. The
/// errors are `ScenarioErrors`, sorted by line, each printing as
/// `FILE:LINE: field.path: what is wrong; how to fix it`.
public enum ScenarioLoader {
    /// Loads the scenario file at `path`; the default name is the file's name without `.yaml`.
    public static func load(path: String) throws(ScenarioErrors) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path)
                ? "cannot be read as UTF-8 text (\(error.localizedDescription))"
                : "no such file; scenarios live in Scenarios/ (try Scenarios/classic-vs-stapled.yaml)"
            throw ScenarioErrors([ScenarioError(.unreadable, file: path, line: 0, path: "", message: reason)])
        }
        return try load(text: text, fileName: path)
    }

    /// Loads a scenario from `text`; `fileName` names it in errors and gives the default name.
    public static func load(text: String, fileName: String) throws(ScenarioErrors) -> Scenario {
        let decoder = ScenarioDecoder(file: fileName)
        let root: YAMLValue
        do {
            guard let parsed = try YAMLValue.parse(text) else {
                throw ScenarioErrors([ScenarioError(.missing, file: fileName, line: 0, path: "",
                                                    message: "the file is empty; a scenario needs at least sites and clients "
                                                        + "(see Scenarios/README.md)")])
            }
            root = parsed
        } catch let error as YAMLValue.SyntaxError {
            throw ScenarioErrors([ScenarioError(.syntax, file: fileName, line: error.line, path: "", message: error.message)])
        } catch let error as ScenarioErrors {
            throw error
        } catch {
            throw ScenarioErrors([ScenarioError(.syntax, file: fileName, line: 0, path: "", message: "\(error)")])
        }
        guard let scenario = decoder.scenario(root, defaultName: defaultName(for: fileName)) else {
            throw ScenarioErrors(decoder.errors)
        }
        validate(scenario, with: decoder)
        guard decoder.errors.isEmpty else { throw ScenarioErrors(decoder.errors) }
        return scenario
    }

    /// The name a file gives a scenario that names none: its base name without `.yaml`/`.yml`,
    /// with anything but letters, digits, `-`, `_` and `.` turned into `-`.
    public static func defaultName(for fileName: String) -> String {
        var base = (fileName as NSString).lastPathComponent
        for suffix in [".yaml", ".yml"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        let cleaned = String(base.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        return cleaned.isEmpty || cleaned.first == "." || cleaned.first == "-" ? "scenario" : cleaned
    }

    /// Runs the cross-field checks on the scenario and, when it is clean, on every sweep point.
    private static func validate(_ scenario: Scenario, with decoder: ScenarioDecoder) {
        let failed = Set(decoder.errors.map(\.path))
        for issue in ScenarioValidator.issues(in: scenario) where !issue.paths.contains(where: failed.contains) {
            decoder.report(issue.code, line: decoder.line(of: issue.paths), path: issue.paths[0], issue.message)
        }
        guard decoder.errors.isEmpty, !scenario.sweep.isEmpty, decoder.sweepLines.count == scenario.sweep.count else {
            return
        }
        var seen = Set<String>()
        for point in scenario.sweepPoints() {
            let tupleLines = tupleLines(of: point.index, in: scenario, lines: decoder.sweepLines)
            for issue in ScenarioValidator.issues(in: point.scenario) {
                // Blame the sweep value that brought the problem in, else the field in the file.
                var line = decoder.line(of: issue.paths)
                var position = 0
                for (axis, sweep) in scenario.sweep.enumerated() {
                    let fields = sweep.fields.map(\.path)
                    if fields.contains(where: issue.sweepFields.contains) {
                        line = tupleLines[axis]
                        break
                    }
                    position += fields.count
                }
                let message = "\(issue.message) (at sweep point \(point.label))"
                guard seen.insert("\(line)|\(issue.paths[0])|\(message)").inserted else { continue }
                decoder.report(issue.code, line: line, path: issue.paths[0], message)
            }
        }
    }

    /// The line of the tuple each axis contributes to point `index` (first axis outermost).
    private static func tupleLines(of index: Int, in scenario: Scenario, lines: [[Int]]) -> [Int] {
        var remainder = index
        var result = [Int](repeating: 0, count: scenario.sweep.count)
        for axis in scenario.sweep.indices.reversed() {
            let count = scenario.sweep[axis].values.count
            result[axis] = lines[axis][remainder % count]
            remainder /= count
        }
        return result
    }
}

import Foundation
import StapleCore

/// Reads scenario files into typed `Scenario`s, or throws every mistake at once.
///
/// Nothing is started and nothing is written before a file loads without errors. The
/// errors are `ScenarioErrors`, sorted by line, each printing as
/// `FILE:LINE: field.path: what is wrong; how to fix it`.
public enum ScenarioLoader {
    /// The largest scenario file read (the shipped ones are under 4 KiB).
    public static let maxFileBytes = 1 << 20

    /// The scenario `staplebench run` runs when given none, relative to the package root.
    public static let defaultScenarioPath = "Scenarios/classic-vs-stapled.yaml"

    /// Loads the scenario file at `path`; the default name is the file's name without `.yaml`.
    public static func load(path: String) throws(ScenarioErrors) -> Scenario {
        func unreadable(_ reason: String) -> ScenarioErrors {
            ScenarioErrors([ScenarioError(.unreadable, file: path, line: 0, path: "", message: reason)])
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw unreadable("is a folder, not a scenario file; give a .yaml file in it") }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
                throw unreadable("is not a regular file (a device or a pipe); give a .yaml file")
            }
            if let size = (attributes?[.size] as? NSNumber)?.intValue, size > maxFileBytes {
                throw unreadable("is \(size) bytes; a scenario file may be at most \(maxFileBytes / 1024) KiB")
            }
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            guard FileManager.default.fileExists(atPath: path) else {
                throw unreadable("no such file; scenarios live in Scenarios/ (try Scenarios/classic-vs-stapled.yaml)")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw unreadable("cannot be read (permission denied?)")
            }
            // Name the first line that is not UTF-8.
            var line = 1
            for bytes in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
                if String(bytes: bytes, encoding: .utf8) == nil {
                    throw ScenarioErrors([ScenarioError(.unreadable, file: path, line: line, path: "",
                                                        message: "this line is not UTF-8 text; save the file as UTF-8")])
                }
                line += 1
            }
            throw unreadable("cannot be read as UTF-8 text; save the file as UTF-8")
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
            let place = decoder.place(of: issue.paths)
            decoder.report(issue.code, line: place.line, path: place.path, issue.message)
        }
        guard decoder.errors.isEmpty, !scenario.sweep.isEmpty, decoder.sweepLines.count == scenario.sweep.count else {
            return
        }
        // The same problem at several points is one error that lists the points.
        struct Key: Hashable { var line: Int; var path: String; var message: String; var code: ScenarioError.Code }
        var order: [Key] = []
        var labels: [Key: [String]] = [:]
        for point in scenario.sweepPoints() {
            let tupleLines = tupleLines(of: point.index, in: scenario, lines: decoder.sweepLines)
            for issue in ScenarioValidator.issues(in: point.scenario) {
                // Blame the sweep value that brought the problem in, else the field in the file.
                var (path, line) = decoder.place(of: issue.paths)
                for (axis, sweep) in scenario.sweep.enumerated() {
                    let swept = Set(sweep.fields.map(\.path))
                    if let field = issue.sweepFields.first(where: swept.contains) {
                        (path, line) = (field, tupleLines[axis])
                        break
                    }
                }
                let key = Key(line: line, path: path, message: issue.message, code: issue.code)
                if labels[key] == nil { order.append(key) }
                labels[key, default: []].append(point.label)
            }
        }
        for key in order {
            let points = labels[key] ?? []
            let shown = points.prefix(3).joined(separator: "; ")
            let more = points.count > 3 ? " and \(points.count - 3) more" : ""
            let which = points.count == 1 ? "at sweep point \(shown)" : "at sweep points \(shown)\(more)"
            decoder.report(key.code, line: key.line, path: key.path, "\(key.message) (\(which))")
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

/// One thing wrong with a scenario file: where, which field, what, and how to fix it.
///
/// Prints as `FILE:LINE: field.path: what is wrong; how to fix it`, e.g.
/// `Scenarios/x.yaml:12: links.client-server.delay: '50' has no unit; write e.g. 50ms or 50s`.
/// Equality compares every part, so a test can assert exactly which error a file gives.
public struct ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of mistake, stable across wording changes.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// The file cannot be read.
        case unreadable
        /// The text is not valid YAML (the line is Yams').
        case syntax
        /// A key the schema does not have (with a did-you-mean when one is close).
        case unknownKey
        /// A value of the wrong shape: a list where a mapping belongs, text where a number does.
        case wrongType
        /// A required field is absent.
        case missing
        /// A duration without a unit, negative, unparsable or zero where it must be positive.
        case invalidDuration
        /// A bandwidth without a unit, with an ambiguous unit, or not positive.
        case invalidBandwidth
        /// A number out of its range (`handshakes: 0`, `time_scale: 0`).
        case outOfRange
        /// A name that is not one of the field's choices (profile, mode, policy, …).
        case unknownName
        /// A badly formed name, hostname or URL.
        case invalidValue
        /// Something listed twice that must be unique (site host, client name, mode, sweep field).
        case duplicate
        /// A client visits a site the scenario does not have.
        case unknownSite
        /// A time window whose end is not after its start.
        case emptyWindow
        /// Two settings that cannot hold together (delay and rtt; nginx with blocking; …).
        case conflict
        /// A sweep over a field that does not exist or cannot be swept, or of the wrong shape.
        case invalidSweep
    }

    /// The kind of mistake.
    public var code: Code
    /// The file as it was named to the loader.
    public var file: String
    /// The line (from 1; 0 when the error is about the file as a whole).
    public var line: Int
    /// The field (`clients[0].profile`), empty for file-level errors.
    public var path: String
    /// What is wrong and how to fix it.
    public var message: String

    /// An error at `file:line` about `path`.
    public init(_ code: Code, file: String, line: Int, path: String, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    /// `FILE:LINE: path: message` (without the line when it is 0, without the path when it is empty).
    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
    }
}

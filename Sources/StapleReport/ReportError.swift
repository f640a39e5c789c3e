/// An error from encoding or reading a report file (writing one fails with StapleCore's `FileWriteError`): what went wrong, where, and how to fix it.
///
/// Equality compares the `code` only, so a test can assert which error was thrown
/// without matching the OS's wording.
public struct ReportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure, stable across releases.
    public enum Code: String, Hashable, Sendable {
        /// A value could not be encoded (JSON).
        case encodingFailed = "encoding-failed"
        /// CSV text was not valid RFC 4180.
        case malformedCSV = "malformed-csv"
        /// Mermaid text was outside the supported `sequenceDiagram` subset.
        case malformedDiagram = "malformed-diagram"
    }

    /// The kind of failure.
    public var code: Code
    /// The whole message for people: what, where, why, and what to do.
    public var message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// Compares codes only.
    public static func == (lhs: ReportError, rhs: ReportError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

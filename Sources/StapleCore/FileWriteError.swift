/// An error from ``AtomicFile``: what could not be written, where, why (the OS's reason), and
/// what to do.
///
/// Equality compares the `code` only, so a test can assert which error was thrown without
/// matching the OS's wording.
public struct FileWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure, stable across releases.
    public enum Code: String, Hashable, Sendable {
        /// A folder on the way to the file could not be made.
        case folderCreationFailed = "folder-creation-failed"
        /// The file could not be written, flushed or renamed into place.
        case writeFailed = "write-failed"
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
    public static func == (lhs: FileWriteError, rhs: FileWriteError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

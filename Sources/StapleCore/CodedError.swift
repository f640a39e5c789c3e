/// An error as StapleBench's libraries throw one: a code saying the kind of failure, stable
/// across releases, and a message for people (what went wrong, where, why, what to do).
///
/// One shape for every such error: ``FileWriteError`` (``AtomicFile``) and StapleReport's
/// `ReportError` are this type with their own code enums. Equality compares the `code` only, so
/// a test can assert which error was thrown without matching the OS's wording.
public struct CodedError<Code: Hashable & Sendable>: Error, Hashable, Sendable, CustomStringConvertible {
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
    public static func == (lhs: CodedError, rhs: CodedError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

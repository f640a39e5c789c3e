import Foundation

/// Every mistake found in a scenario file, sorted by line: what `ScenarioLoader` throws.
///
/// The loader reads the whole file before it throws, so a user fixes every mistake in
/// one go; `description` prints one error per line.
public struct ScenarioErrors: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// The errors, by line (file-level errors first), in the order found within a line.
    public var errors: [ScenarioError]

    /// Wraps `errors`, sorting them by line (stable).
    public init(_ errors: [ScenarioError]) {
        self.errors = errors.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
    }

    /// The errors' codes, in order (handy in tests).
    public var codes: [ScenarioError.Code] { errors.map(\.code) }

    /// One error per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }

    /// The same as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}

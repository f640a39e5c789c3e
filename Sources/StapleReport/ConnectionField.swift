import StapleCore

/// How a `ConnectionID` is written in a CSV field: its number, or empty for `.none`.
enum ConnectionField {
    /// The number, or `nil` (an empty field) for no connection.
    static func text(_ id: ConnectionID) -> String? {
        id == .none ? nil : String(id.rawValue)
    }
}

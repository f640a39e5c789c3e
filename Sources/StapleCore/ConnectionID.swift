import Synchronization

/// Names one connection or exchange across every party's events.
///
/// The client makes one per handshake attempt; the server, the link and the responder
/// learn it only when the engine correlates addresses, so they may use their own.
public struct ConnectionID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The raw number; 0 means "no connection".
    public var rawValue: UInt64

    /// Wraps a number.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// No connection: a party-wide event.
    public static let none = ConnectionID(0)

    private static let counter = Atomic<UInt64>(0)

    /// A fresh identifier, unique in this process.
    public static func next() -> ConnectionID {
        ConnectionID(counter.add(1, ordering: .relaxed).newValue)
    }

    /// Orders by number.
    public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The number, or `-` for none.
    public var description: String { rawValue == 0 ? "-" : String(rawValue) }
}

/// Which way bytes cross a front door (a link), as a passive observer on it sees them.
public enum WireDirection: String, Hashable, Sendable, Codable, CaseIterable {
    /// From the connecting party (the client of this link) to the actor behind the front door.
    case forward
    /// From the actor behind the front door back to the connecting party.
    case backward

    /// `→` or `←`, for people.
    public var arrow: String { self == .forward ? "→" : "←" }
}

/// One participant of a scenario: who sent, received or observed something.
///
/// A party has a role (what it is in the explainer's diagrams) and a name from the
/// scenario (`Alice`, `example.com`, `ocsp`, `client-server` for a link's tap).
public struct Party: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What a party is in the protocol.
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
        /// A TLS client (the explainer's browser).
        case client
        /// A TLS server (the explainer's `example.com`).
        case server
        /// The CA's OCSP responder.
        case responder
        /// The DNS resolver.
        case resolver
        /// A passive on-path observer on the link between two parties.
        case tap
        /// A link proxy itself (for link events such as injected faults).
        case link
    }

    /// The role.
    public var role: Role
    /// The scenario's name for this party.
    public var name: String

    /// Makes a party.
    public init(_ role: Role, _ name: String) {
        self.role = role
        self.name = name
    }

    /// A client named `name`.
    public static func client(_ name: String) -> Party { Party(.client, name) }
    /// A server named after the site it serves.
    public static func server(_ name: String) -> Party { Party(.server, name) }
    /// A responder named `name`.
    public static func responder(_ name: String = "ocsp") -> Party { Party(.responder, name) }
    /// The resolver.
    public static func resolver(_ name: String = "dns") -> Party { Party(.resolver, name) }
    /// The tap on the link named `link` (for example `client-server`).
    public static func tap(_ link: String) -> Party { Party(.tap, link) }
    /// The link proxy named `link`.
    public static func link(_ link: String) -> Party { Party(.link, link) }

    /// `role:name`, as in the trace CSV.
    public var description: String { "\(role.rawValue):\(name)" }
}

import StapleCore

extension Scenario {
    /// A pair of parties that talk, and so have a link between them.
    public enum LinkPair: String, Hashable, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
        /// Client ↔ server: TCP, TLS and the HTTP request.
        case clientServer = "client-server"
        /// Client ↔ responder: classic OCSP over HTTP.
        case clientResponder = "client-responder"
        /// Server ↔ responder: the server's own OCSP fetches for stapling.
        case serverResponder = "server-responder"
        /// Client ↔ resolver: DNS for the site and, under classic OCSP, the responder.
        case clientResolver = "client-resolver"
        /// Server ↔ resolver: DNS for the responder's name.
        case serverResolver = "server-resolver"

        /// The roles at the two ends.
        public var ends: (Party.Role, Party.Role) {
            switch self {
            case .clientServer: return (.client, .server)
            case .clientResponder: return (.client, .responder)
            case .serverResponder: return (.server, .responder)
            case .clientResolver: return (.client, .resolver)
            case .serverResolver: return (.server, .resolver)
            }
        }

        /// Whether a client can override this link for itself (it is one of the client's own links).
        public var isClientLink: Bool { ends.0 == .client }

        /// Orders as in the documentation (client-server first).
        public static func < (lhs: LinkPair, rhs: LinkPair) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }

        /// The name written in scenario files (`client-server`).
        public var description: String { rawValue }
    }
}

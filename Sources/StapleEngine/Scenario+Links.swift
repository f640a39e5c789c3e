extension Scenario {
    /// The five links of a scenario, one per pair of parties that talk.
    public struct Links: Hashable, Sendable {
        /// Client ↔ server.
        public var clientServer: Link
        /// Client ↔ responder.
        public var clientResponder: Link
        /// Server ↔ responder.
        public var serverResponder: Link
        /// Client ↔ resolver.
        public var clientResolver: Link
        /// Server ↔ resolver.
        public var serverResolver: Link

        /// Links with every field given (no delay by default).
        public init(clientServer: Link = Link(), clientResponder: Link = Link(), serverResponder: Link = Link(),
                    clientResolver: Link = Link(), serverResolver: Link = Link()) {
            self.clientServer = clientServer
            self.clientResponder = clientResponder
            self.serverResponder = serverResponder
            self.clientResolver = clientResolver
            self.serverResolver = serverResolver
        }

        /// The link between `pair`.
        public subscript(pair: LinkPair) -> Link {
            get {
                switch pair {
                case .clientServer: return clientServer
                case .clientResponder: return clientResponder
                case .serverResponder: return serverResponder
                case .clientResolver: return clientResolver
                case .serverResolver: return serverResolver
                }
            }
            set {
                switch pair {
                case .clientServer: clientServer = newValue
                case .clientResponder: clientResponder = newValue
                case .serverResponder: serverResponder = newValue
                case .clientResolver: clientResolver = newValue
                case .serverResolver: serverResolver = newValue
                }
            }
        }
    }
}

import StapleCore

extension Scenario {
    /// One kind of client (one or more identical users), with its revocation profile.
    public struct Client: Hashable, Sendable {
        /// Which program plays the client: the type World starts it by.
        public typealias Kind = ClientKind

        /// The name (`Alice`); with `count` > 1 the instances are `Alice-1` … `Alice-N`.
        public var name: String
        /// How many identical instances (each its own user with its own address).
        public var count: Int
        /// The revocation profile with the scenario's overrides applied.
        public var profile: RevocationProfile
        /// The hostnames this client visits, in order.
        public var visits: [String]
        /// The client's overrides of its own links (client-server, client-responder, client-resolver).
        public var links: [LinkPair: Link.Override]
        /// Which program plays it (`builtin` unless the scenario says otherwise).
        public var kind: Kind = .builtin

        /// A client with every field given.
        public init(name: String, count: Int = 1, profile: RevocationProfile = .firefox, visits: [String],
                    links: [LinkPair: Link.Override] = [:]) {
            self.name = name
            self.count = count
            self.profile = profile
            self.visits = visits
            self.links = links
        }

        /// The instances' names: `[Alice]`, or `[Alice-1, Alice-2]` with count 2.
        public var instanceNames: [String] {
            count == 1 ? [name] : (1...max(count, 1)).map { "\(name)-\($0)" }
        }
    }
}

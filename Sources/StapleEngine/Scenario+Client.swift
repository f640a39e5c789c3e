import StapleCore

extension Scenario {
    /// One kind of client (one or more identical users), with its revocation profile.
    public struct Client: Hashable, Sendable {
        /// Which program plays the client.
        public enum Kind: String, Hashable, Sendable, CaseIterable {
            /// StapleBench's own client, following its revocation profile.
            case builtin
            /// Real curl (`--cert-status`: staples only; no staple or a bad one is refused).
            case curl
            /// Real gnutls-cli (`--ocsp`: asks the responder itself when there is no staple).
            case gnutls
            /// Real Chromium, headless, a fresh profile per visit (checks a staple; no online OCSP).
            case chromium
            /// Real Firefox ESR, headless, a fresh profile per visit, driven over Marionette (online OCSP, POST).
            case firefox
        }

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

import StapleCore

extension Scenario {
    /// Short-lived certificates (mode `short-lived`).
    public struct ShortLived: Hashable, Sendable {
        /// The lifetime the CA issues certificates with in `short-lived` mode (notAfter −
        /// notBefore; notBefore is backdated an hour, as Let's Encrypt does). Default 160 hours,
        /// Let's Encrypt's short-lived profile (generally available January 2026).
        public var lifetime: Delay

        /// Makes the settings.
        public init(lifetime: Delay = .seconds(160 * 3600)) { self.lifetime = lifetime }
    }
}

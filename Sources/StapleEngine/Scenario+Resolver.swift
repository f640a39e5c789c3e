import StapleCore

extension Scenario {
    /// The DNS resolver that answers every site's and the responder's name.
    public struct Resolver: Hashable, Sendable {
        /// Processing delay per query (on top of the links' delays).
        public var delay: Delay

        /// A resolver with every field given.
        public init(delay: Delay = .zero) {
            self.delay = delay
        }
    }
}

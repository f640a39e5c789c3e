import StapleCore
import StapleActors

extension Scenario {
    /// The CA's certificate revocation lists (mode `crl`), served by the responder actor behind
    /// the responder's links (`GET /crl/N.crl`).
    public struct CRL: Hashable, Sendable {
        /// Other revoked serials in the CA's list, in all (split evenly across the shards): the
        /// list's size, about 35 bytes each (0: a list of a few hundred bytes; 300,000: about 10.5 MB).
        public var entries: Int
        /// nextUpdate − thisUpdate, and how often the CA issues a new list (scenario time).
        /// The CA/Browser Forum's Baseline Requirements allow at most 10 days.
        public var nextUpdate: Delay
        /// How many partitions the CA's list is split into (certificates by issuance order, each
        /// naming its shard's URL; each shard's list carries a matching issuingDistributionPoint).
        public var shards: Int

        /// A CRL publication with every field given.
        public init(entries: Int = 0, nextUpdate: Delay = .seconds(7 * 86_400), shards: Int = 1) {
            self.entries = entries
            self.nextUpdate = nextUpdate
            self.shards = shards
        }

        /// The range of `entries`.
        public static let entriesRange = 0...CRLPublication.maxPadding
        /// The range of `shards`.
        public static let shardsRange = 1...64
    }
}

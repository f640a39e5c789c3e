import StapleCore

extension Scenario {
    /// The pushed revocation set (mode `pushed`), published by the responder actor at
    /// `GET /push/set` behind the client-responder link.
    ///
    /// The set is the serials of every revoked certificate of the run's PKI (plus `entries`
    /// others), sorted and signed by the root CA, carried as X.509 CRL DER so that OpenSSL checks
    /// its signature. Like Chrome's CRLSets it is an exact list (no false positives); Firefox's
    /// CRLite compresses the same information into a Bloom-filter cascade, not modelled here.
    /// Only full sets are published (no deltas).
    public struct Pushed: Hashable, Sendable {
        /// How often a new set is published (its nextUpdate − thisUpdate; scenario time).
        public var interval: Delay
        /// Other revoked serials in the set (its size: about 35 bytes each).
        public var entries: Int

        /// Makes the settings.
        public init(interval: Delay = .seconds(6 * 3600), entries: Int = 0) {
            self.interval = interval
            self.entries = entries
        }
    }
}

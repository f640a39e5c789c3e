import StapleCore
import StaplePKI

/// What the CA publishes as CRLs through the responder actor (`GET /crl/…`): one list per
/// shard, each signed by the CA that issued its certificates, reissued every `interval` of
/// scenario time (thisUpdate at the start of each interval, nextUpdate at its end), and padded
/// with `padding` other revoked serials so its size is what a real CA's would be.
///
/// A revocation shows up in the first list issued after it (the CA publishes on its schedule),
/// and a client holding a list keeps it until its nextUpdate.
public struct CRLPublication: Sendable {
    /// One partition of the CA's CRL (a whole CRL when there is one shard).
    public struct Shard: Sendable {
        /// The request path it is served at (`/crl/0.crl`).
        public var path: String
        /// The full URL the certificates of this shard name as their CRL distribution point;
        /// written into the list's issuingDistributionPoint when the CA's CRL is partitioned.
        public var url: String
        /// The CA that issued (and signs for) the certificates of this shard.
        public var issuer: CertificateAuthority
        /// The certificates of this shard, with the hostname behind each.
        public var members: [(host: String, certificate: Certificate)]
        /// Whether the list carries an issuingDistributionPoint (a partitioned CRL).
        public var partitioned: Bool
        /// Whether the publication's padding goes into this list (not into the root's short list of its CAs).
        public var padded: Bool

        /// Makes a shard.
        public init(path: String, url: String, issuer: CertificateAuthority,
                    members: [(host: String, certificate: Certificate)], partitioned: Bool, padded: Bool = true) {
            self.path = path
            self.url = url
            self.issuer = issuer
            self.members = members
            self.partitioned = partitioned
            self.padded = padded
        }
    }

    /// The shards, each at its own path.
    public var shards: [Shard]
    /// Other revoked serials per shard (0: only the run's own revocations).
    public var padding: Int
    /// nextUpdate − thisUpdate, and how often the CA issues a new list (scenario time).
    public var interval: Delay

    /// The most padding entries a shard may carry (about 10.5 MB of DER).
    public static let maxPadding = 300_000

    /// Makes a publication.
    public init(shards: [Shard], padding: Int = 0, interval: Delay = .seconds(7 * 86_400)) {
        self.shards = shards
        self.padding = min(max(0, padding), CRLPublication.maxPadding)
        self.interval = interval
    }

    /// The shard a certificate belongs to, by its position in issuance order (`index` modulo the
    /// shard count), as a CA that partitions by issuance does.
    public static func shard(ofSite index: Int, shards: Int) -> Int { RevocationListRule.shard(ofSite: index, shards: shards) }

    /// The request path of the pushed revocation set (mode `pushed`).
    public static let pushedSetPath = "/push/set"

    /// The request path of the root's list of the CAs it issued (the intermediate's CRL
    /// distribution point), which a whole-chain (`check: chain`) client downloads too.
    public static let caListPath = "/crl/cas.crl"

    /// The request path of shard `index`.
    public static func path(ofShard index: Int) -> String { "/crl/\(index).crl" }
}

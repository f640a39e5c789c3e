import Synchronization
import StapleCore
import StaplePKI

/// The responder's signed CRLs, one per shard, rebuilt when a new issuing interval starts.
///
/// Building a padded list (hundreds of thousands of entries) takes a while, so each
/// interval's list is built once, on its first request, and served from memory after.
final class CRLStore: Sendable {
    /// One served list.
    struct Issued: Sendable {
        /// DER.
        var der: [UInt8]
        /// thisUpdate, Unix seconds.
        var thisUpdate: Double
        /// nextUpdate, Unix seconds.
        var nextUpdate: Double
        /// Revoked entries of the run's own certificates (without padding).
        var revoked: [String]
        /// Which shard.
        var shard: Int
    }

    let publication: CRLPublication
    private let padding: [[[UInt8]]]
    private let built = Mutex<[Int: (period: Int, list: Issued)]>([:])

    init(publication: CRLPublication) throws(OpenSSLError) {
        self.publication = publication
        var padding: [[[UInt8]]] = []
        for shard in publication.shards {
            padding.append(try RevocationEntry.paddingSerials(count: shard.padded ? publication.padding : 0))
        }
        self.padding = padding
    }

    /// The shard served at `path`, if any (a query string is ignored).
    func shard(at path: String) -> Int? {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        return publication.shards.firstIndex { $0.path == bare }
    }

    /// Shard `index`'s list for the interval containing `now` (Unix seconds on the clock whose
    /// start is `epoch`); `status` says what each hostname's certificate is at a given time.
    ///
    /// A CRL's times are whole seconds (X.509 UTCTime), so intervals are whole seconds (rounded
    /// up, at least one) counted from the whole second at or before `epoch`: thisUpdate and
    /// nextUpdate are then exactly what the list says, and a list is never expired before the
    /// next one is issued (with a fractional start its nextUpdate would be written up to a second early).
    func list(shard index: Int, now: Double, epoch: Double,
              status: (_ host: String, _ at: Double) -> CertStatus) throws(OpenSSLError) -> Issued {
        let interval = max(1, publication.interval.seconds.rounded(.up))
        let start = epoch.rounded(.down)
        let period = RevocationListRule.period(elapsed: now - start, interval: interval)
        return try built.withLock { cache throws(OpenSSLError) -> Issued in
            if let hit = cache[index], hit.period == period { return hit.list }
            let shard = publication.shards[index]
            let thisUpdate = start + Double(period) * interval
            var entries: [RevocationEntry] = []
            var revoked: [String] = []
            for member in shard.members {
                if case .revoked(let time, let reason) = status(member.host, thisUpdate) {
                    entries.append(RevocationEntry(certificate: member.certificate, time: min(time, thisUpdate), reason: reason))
                    revoked.append(member.host)
                }
            }
            let list = try shard.issuer.issueCRL(.init(
                entries: entries, padding: padding[index], thisUpdate: thisUpdate, nextUpdate: thisUpdate + interval,
                number: period + 1, distributionPoint: shard.partitioned ? shard.url : nil))
            let issued = Issued(der: try list.der(), thisUpdate: thisUpdate, nextUpdate: thisUpdate + interval,
                                revoked: revoked, shard: index)
            cache[index] = (period, issued)
            return issued
        }
    }
}

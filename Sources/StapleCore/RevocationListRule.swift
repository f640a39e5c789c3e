/// The schedule of a published revocation list (a CRL shard or the pushed set) and how long a
/// client uses its copy, on a clock given as a number so that the actors (their `PolicyClock`)
/// and the simulator (virtual time) take exactly the same decisions.
///
/// The CA issues a new list at the start of every `interval` from its epoch (thisUpdate), valid
/// to the next one (nextUpdate); each lists what was revoked at its thisUpdate. A client keeps a
/// CRL until its nextUpdate; a pushed set's copy is stale from its nextUpdate on.
public enum RevocationListRule {
    /// The issuing period (0, 1, …) containing `elapsed` seconds since the epoch. A list's times
    /// are whole seconds (X.509), so the interval is too: rounded up, at least 1 s.
    public static func period(elapsed: Double, interval: Double) -> Int {
        Int((elapsed / step(interval)).rounded(.down))
    }

    /// The interval as issued: whole seconds, rounded up, at least one.
    public static func step(_ interval: Double) -> Double { max(1, interval.rounded(.up)) }

    /// thisUpdate and nextUpdate, seconds since the epoch, of the list served `elapsed` seconds after it.
    public static func issued(elapsed: Double, interval: Double) -> (thisUpdate: Double, nextUpdate: Double) {
        let step = step(interval)
        let thisUpdate = Double(period(elapsed: elapsed, interval: interval)) * step
        return (thisUpdate, thisUpdate + step)
    }

    /// Whether a list with this `nextUpdate` is still current at `now` (a cached CRL is used, a
    /// pushed copy is not stale).
    public static func isCurrent(nextUpdate: Double, now: Double) -> Bool { nextUpdate > now }

    /// Whether a list issued at `thisUpdate` lists a certificate revoked at `revokedAt` (the CA
    /// publishes on its schedule: a revocation shows up in the first list issued after it).
    public static func lists(revokedAt: Double, thisUpdate: Double) -> Bool { thisUpdate >= revokedAt }

    /// The shard a certificate belongs to, by its position in issuance order (`index` modulo the
    /// shard count), as a CA that partitions its CRL by issuance does.
    public static func shard(ofSite index: Int, shards: Int) -> Int { index % max(1, shards) }
}

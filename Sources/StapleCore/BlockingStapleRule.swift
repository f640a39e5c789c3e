/// The `blocking` (Apache mod_ssl) stapling policy's cache decisions, on a clock given as a
/// number, shared by the server actor and the simulator.
public enum BlockingStapleRule {
    /// `SSLStaplingStandardCacheTimeout`: how long a good or revoked response is kept.
    public static let standardCacheTimeout = 3600.0
    /// `SSLStaplingErrorCacheTimeout`: how long an error (tryLater, no answer) is kept.
    public static let errorCacheTimeout = 600.0

    /// What a blocking server staples after a fetch.
    public enum Stapled: Hashable, Sendable {
        /// The response the responder sent (good, revoked, unknown, or its error status).
        case fetched
        /// A made-up `tryLater` response (`SSLStaplingFakeTryLater`): no usable answer came.
        case fakeTryLater
    }

    /// What is cached after a fetch at `now` gave `result`, and until when (a cached entry is
    /// used while `expires > now`).
    ///
    /// Good, revoked or unknown: stapled for an hour at most and never past nextUpdate. The
    /// responder's own error status is stapled for the error timeout
    /// (`SSLStaplingReturnResponderErrors`). No usable answer becomes a tryLater response,
    /// which Apache 2.4 then caches like a good one (the standard timeout, not the error one).
    public static func cache(_ result: StapleFetchResult, now: Double) -> (stapled: Stapled, expires: Double) {
        switch result {
        case .good(_, let nextUpdate):
            var expires = now + standardCacheTimeout
            if let nextUpdate { expires = min(expires, nextUpdate) }
            return (.fetched, expires)
        case .revoked, .unknown:
            return (.fetched, now + standardCacheTimeout)
        case .errorStatus:
            return (.fetched, now + errorCacheTimeout)
        case .invalid, .failed:
            return (.fakeTryLater, now + standardCacheTimeout)
        }
    }

    /// Whether an entry cached until `expires` is used at `now`.
    public static func isFresh(expires: Double, now: Double) -> Bool { expires > now }
}

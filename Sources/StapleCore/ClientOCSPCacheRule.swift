/// How long a client keeps an OCSP answer: until nextUpdate or `Cache-Control: max-age`,
/// whichever comes first (as browsers do). Shared by the client's cache and the simulator.
public enum ClientOCSPCacheRule {
    /// What kind of answer is being kept.
    public enum Answer: Hashable, Sendable {
        /// A good answer, with its nextUpdate.
        case good(nextUpdate: Double?)
        /// A revoked answer.
        case revoked
        /// Anything else (unknown, an error, a rejected response): never kept.
        case other
    }

    /// Until when an answer received at `now` is kept, or nil when it is not kept at all.
    /// Without a nextUpdate it is kept an hour; `maxAge` caps it.
    public static func expiry(_ answer: Answer, now: Double, maxAge: Double?) -> Double? {
        let nextUpdate: Double?
        switch answer {
        case .good(let next): nextUpdate = next
        case .revoked: nextUpdate = nil
        case .other: return nil
        }
        var expires = nextUpdate ?? (now + 3600)
        if let maxAge { expires = min(expires, now + maxAge) }
        return expires > now ? expires : nil
    }

    /// Whether an answer kept until `expires` is used at `now`.
    public static func isFresh(expires: Double, now: Double) -> Bool { expires > now }
}

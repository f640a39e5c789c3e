/// The `proactive` (Caddy / certmagic) stapling policy's decisions, on a clock given as a
/// number, shared by the server actor and the simulator.
public enum ProactiveStapleRule {
    /// After a failed refresh, try again this much later (scenario seconds).
    public static let retryInterval = 60.0
    /// How long a revoked or unknown response is kept (it has no validity of its own here).
    public static let nonGoodValidity = 3600.0

    /// What is kept after a refresh at `now` gave `result`: the validity to keep, or nil to
    /// keep the old response and retry after ``retryInterval``. Revoked and unknown are stapled
    /// as is (a client must learn of the revocation).
    public static func keep(_ result: StapleFetchResult, now: Double) -> (thisUpdate: Double, nextUpdate: Double?)? {
        switch result {
        case .good(let thisUpdate, let nextUpdate): return (thisUpdate, nextUpdate)
        case .revoked, .unknown: return (now, now + nonGoodValidity)
        case .errorStatus, .invalid, .failed: return nil
        }
    }

    /// When to refresh a kept response: at half its validity (an hour from `now` without a nextUpdate).
    public static func refreshTime(thisUpdate: Double, nextUpdate: Double?, now: Double) -> Double {
        nextUpdate.map { thisUpdate + ($0 - thisUpdate) / 2 } ?? (now + 3600)
    }

    /// Whether a kept response is stapled at `now`, allowing `skew` seconds past its nextUpdate.
    public static func isValid(nextUpdate: Double?, now: Double, skew: Double) -> Bool {
        nextUpdate.map { $0 > now - skew } ?? true
    }
}

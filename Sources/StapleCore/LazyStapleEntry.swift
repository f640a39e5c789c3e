/// One worker's cache entry for one certificate under the `lazy` (nginx) stapling policy: the
/// decisions of nginx's status callback and of its background update, on a clock given as a
/// number so that the server actor (its `PolicyClock`) and the simulator (virtual time) take
/// exactly the same ones.
///
/// `Payload` is what is stapled: the DER in the server, a small token in the simulator.
public struct LazyStapleEntry<Payload: Sendable>: Sendable {
    /// The cached good response, if any.
    public var payload: Payload?
    /// The cached response's nextUpdate (Unix seconds); stapled while `validUntil ≥ now`.
    public var validUntil: Double
    /// When the next update may start (Unix seconds); one starts when `refreshAt < now`.
    public var refreshAt: Double
    /// Whether an update is in progress.
    public var loading: Bool

    /// An empty entry: nothing cached, an update due at once.
    public init() {
        payload = nil
        validUntil = 0
        refreshAt = 0
        loading = false
    }

    /// What a handshake at `now` gets: the staple if a valid response is cached, and whether
    /// this handshake starts an update (which then is in progress until ``store(_:payload:now:retryAfterFailure:)``).
    public mutating func lookup(now: Double) -> (staple: Payload?, startFetch: Bool) {
        var staple: Payload?
        if let payload, validUntil >= now { staple = payload }
        let start = !loading && refreshAt < now
        if start { loading = true }
        return (staple, start)
    }

    /// Keeps what an update gave at `now`. A good response is kept until its nextUpdate and
    /// refreshed at max(min(nextUpdate − 5 min, now + 1 h), now + 5 min); anything else keeps
    /// an older valid response and waits `retryAfterFailure` seconds before the next update.
    public mutating func store(_ result: StapleFetchResult, payload fetched: Payload?, now: Double,
                               retryAfterFailure: Double) {
        loading = false
        switch result {
        case .good(_, let nextUpdate):
            let valid = nextUpdate ?? .greatestFiniteMagnitude
            payload = fetched
            validUntil = valid
            refreshAt = max(min(valid - 300, now + 3600), now + 300)
        case .revoked, .unknown, .errorStatus, .invalid, .failed:
            refreshAt = now + retryAfterFailure
        }
    }
}

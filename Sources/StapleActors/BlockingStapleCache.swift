import NIOCore
import Synchronization
import StapleCore
import StaplePKI
import StapleTLS

/// The `blocking` policy (Apache mod_ssl): see ``StaplingPolicy/blocking``.
final class BlockingStapleCache: StapleProvider, Sendable {
    /// `SSLStaplingStandardCacheTimeout`: how long a good or revoked response is kept.
    static let standardCacheTimeout = BlockingStapleRule.standardCacheTimeout
    /// `SSLStaplingErrorCacheTimeout`: how long an error (tryLater, no answer) is kept.
    static let errorCacheTimeout = BlockingStapleRule.errorCacheTimeout

    private struct Entry {
        var der: [UInt8]
        var expires: Double
    }

    private let fetch: StapleFetch
    private let clock: PolicyClock
    private let entries = Mutex<[String: Entry]>([:])
    private let inFlight = Mutex<[String: EventLoopFuture<StapleAnswer>]>([:])

    init(fetch: StapleFetch, clock: PolicyClock) {
        self.fetch = fetch
        self.clock = clock
    }

    /// Forgets everything (a restart).
    func reset() { entries.withLock { $0.removeAll() } }

    func lookup(host: String, connection: TLSConnectionContext) -> StapleLookup {
        let now = clock.now()
        if let entry = entries.withLock({ $0[host] }), BlockingStapleRule.isFresh(expires: entry.expires, now: now) {
            return .answer(.staple(entry.der))
        }
        return .fetch
    }

    func fetch(host: String, connection: TLSConnectionContext) -> EventLoopFuture<StapleAnswer> {
        let loop = connection.eventLoop
        // Concurrent handshakes wait for the one fetch in progress (Apache's stapling mutex).
        let (future, started) = inFlight.withLock { flights -> (EventLoopFuture<StapleAnswer>, Bool) in
            if let existing = flights[host] { return (existing, false) }
            let promise = loop.makePromise(of: StapleAnswer.self)
            flights[host] = promise.futureResult
            fetch.fetch(host: host, method: .post, timeout: fetch.config.responderTimeout, on: loop)
                .map { self.store($0, host: host) }
                .cascade(to: promise)
            return (promise.futureResult, true)
        }
        if started {
            future.whenComplete { _ in self.inFlight.withLock { _ = $0.removeValue(forKey: host) } }
        }
        return future
    }

    private func store(_ outcome: StapleFetch.Outcome, host: String) -> StapleAnswer {
        let now = clock.now()
        // The shared rule: what is stapled (the response, or a made-up tryLater) and for how long.
        let (stapled, expires) = BlockingStapleRule.cache(outcome.result, now: now)
        let der: [UInt8]
        switch (stapled, outcome.der) {
        case (.fetched, let fetched?): der = fetched
        case (.fetched, nil), (.fakeTryLater, _): der = OCSPResponder.errorResponse(.tryLater)
        }
        let entry = Entry(der: der, expires: expires)
        entries.withLock { $0[host] = entry }
        return .staple(entry.der)
    }
}

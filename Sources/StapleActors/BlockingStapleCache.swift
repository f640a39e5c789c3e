import NIOCore
import Synchronization
import StapleCore
import StaplePKI
import StapleTLS

/// The `blocking` policy (Apache mod_ssl): see ``StaplingPolicy/blocking``.
final class BlockingStapleCache: StapleProvider, Sendable {
    /// `SSLStaplingStandardCacheTimeout`: how long a good or revoked response is kept.
    static let standardCacheTimeout = 3600.0
    /// `SSLStaplingErrorCacheTimeout`: how long an error (tryLater, no answer) is kept.
    static let errorCacheTimeout = 600.0

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
        if let entry = entries.withLock({ $0[host] }), entry.expires > now {
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
        let entry: Entry
        switch outcome {
        case .response(let der, let verdict, _):
            // Good, revoked or unknown: all stapled, for an hour at most and never past nextUpdate.
            var expires = now + BlockingStapleCache.standardCacheTimeout
            if case .good(_, let next?) = verdict { expires = min(expires, next) }
            entry = Entry(der: der, expires: expires)
        case .rejected(let der, .errorStatus):
            // SSLStaplingReturnResponderErrors on: the responder's own error status is stapled.
            entry = Entry(der: der, expires: now + BlockingStapleCache.errorCacheTimeout)
        case .rejected, .failed:
            // SSLStaplingFakeTryLater on: no usable answer becomes a tryLater response, which
            // Apache 2.4 then caches like a good one (the standard timeout, not the error one).
            entry = Entry(der: OCSPResponder.errorResponse(.tryLater), expires: now + BlockingStapleCache.standardCacheTimeout)
        }
        entries.withLock { $0[host] = entry }
        return .staple(entry.der)
    }
}

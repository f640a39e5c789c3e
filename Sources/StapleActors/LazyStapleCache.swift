import NIOCore
import Synchronization
import StapleCore
import StaplePKI
import StapleTLS

/// The `lazy` policy (nginx): see ``StaplingPolicy/lazy``.
final class LazyStapleCache: StapleProvider, Sendable {
    /// The shared rules of the policy (nginx's decisions), with the DER as what is stapled.
    private typealias Entry = LazyStapleEntry<[UInt8]>

    private let fetch: StapleFetch
    private let clock: PolicyClock
    private let workers: Int
    /// One cache per worker: [worker][host].
    private let entries: Mutex<[[String: Entry]]>

    init(fetch: StapleFetch, clock: PolicyClock, workers: Int) {
        self.fetch = fetch
        self.clock = clock
        self.workers = workers
        self.entries = Mutex(Array(repeating: [:], count: workers))
    }

    /// Forgets everything (a restart).
    func reset() { entries.withLock { $0 = Array(repeating: [:], count: workers) } }

    func lookup(host: String, connection: TLSConnectionContext) -> StapleLookup {
        let worker = Int(connection.connection.rawValue % UInt64(workers))
        let now = clock.now()
        // As nginx's status callback: staple a valid cached response, then maybe start an update.
        let (answer, startFetch) = entries.withLock { caches -> (StapleAnswer, Bool) in
            var entry = caches[worker][host] ?? Entry()
            let wasLoading = entry.loading
            let (staple, start) = entry.lookup(now: now)
            let answer: StapleAnswer
            if let staple {
                answer = .staple(staple)
            } else {
                answer = .none(wasLoading ? "no cached response (fetch in progress)" : "no cached response")
            }
            caches[worker][host] = entry
            return (answer, start)
        }
        if startFetch {
            let loop = connection.eventLoop
            fetch.fetch(host: host, method: .get, timeout: fetch.config.fetchTimeout, on: loop).whenSuccess { outcome in
                self.store(outcome, host: host, worker: worker)
            }
        }
        return .answer(answer)
    }

    func fetch(host: String, connection: TLSConnectionContext) -> EventLoopFuture<StapleAnswer> {
        connection.eventLoop.makeSucceededFuture(.none("lazy servers never fetch inside a handshake"))
    }

    private func store(_ outcome: StapleFetch.Outcome, host: String, worker: Int) {
        let now = clock.now()
        let retry = fetch.config.retryAfterFailure.seconds
        entries.withLock { caches in
            var entry = caches[worker][host] ?? Entry()
            // Good: kept and refreshed before it expires; anything else (revoked, unknown, not
            // valid, no answer) keeps any older valid response and waits `retryAfterFailure`.
            entry.store(outcome.result, payload: outcome.der, now: now, retryAfterFailure: retry)
            caches[worker][host] = entry
        }
    }
}

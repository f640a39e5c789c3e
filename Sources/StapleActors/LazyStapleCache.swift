import NIOCore
import Synchronization
import StapleCore
import StaplePKI
import StapleTLS

/// The `lazy` policy (nginx): see ``StaplingPolicy/lazy``.
final class LazyStapleCache: StapleProvider, Sendable {
    private struct Entry {
        var der: [UInt8]?
        var validUntil: Double = 0
        var refreshAt: Double = 0
        var loading = false
    }

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
            let answer: StapleAnswer
            if let der = entry.der, entry.validUntil >= now {
                answer = .staple(der)
            } else {
                answer = .none(entry.loading ? "no cached response (fetch in progress)" : "no cached response")
            }
            let start = !entry.loading && entry.refreshAt < now
            if start { entry.loading = true }
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
            entry.loading = false
            switch outcome {
            case .response(let der, .good(_, let nextUpdate), _):
                let valid = nextUpdate ?? .greatestFiniteMagnitude
                entry.der = der
                entry.validUntil = valid
                // Refresh before it expires, not earlier than in 5 minutes, at least once an hour.
                entry.refreshAt = max(min(valid - 300, now + 3600), now + 300)
            case .response, .rejected, .failed:
                // Not good (revoked, unknown), not valid, or no answer: keep any older valid
                // response, and do not ask again for `retryAfterFailure`.
                entry.refreshAt = now + retry
            }
            caches[worker][host] = entry
        }
    }
}

import Foundation
import NIOCore
import Synchronization
import StapleCore
import StaplePKI
import StapleTLS

/// The `proactive` policy (Caddy): see ``StaplingPolicy/proactive``.
final class ProactiveStapleCache: StapleProvider, Sendable {
    /// After a failed refresh, try again this much later (scenario seconds).
    static let retryInterval = ProactiveStapleRule.retryInterval

    private struct Entry {
        var der: [UInt8]
        var thisUpdate: Double
        var nextUpdate: Double?
    }

    private let fetch: StapleFetch
    private let clock: PolicyClock
    private let hosts: [String]
    private let loop: any EventLoop
    private let entries = Mutex<[String: Entry]>([:])
    /// Whether it is stopped, and the pending refresh per host: one lock, so a refresh
    /// scheduled while `stop()` runs is either cancelled by it or never scheduled.
    private struct Timing {
        var stopped = false
        var timers: [String: PolicyTimer] = [:]
    }
    private let timing = Mutex(Timing())

    init(fetch: StapleFetch, clock: PolicyClock, hosts: [String], loop: any EventLoop) {
        self.fetch = fetch
        self.clock = clock
        self.hosts = hosts
        self.loop = loop
    }

    /// Refreshes pending (for tests: none after ``stop()``).
    var pendingRefreshes: Int { timing.withLock { $0.timers.count } }

    /// Loads what is on disk and fetches what is missing, before the server serves.
    func start() async {
        timing.withLock { $0.stopped = false }
        for host in hosts {
            if let entry = loadFromDisk(host), isValid(entry, now: clock.now()) {
                entries.withLock { $0[host] = entry }
                schedule(host, after: entry)
            } else {
                _ = try? await refresh(host).get()
            }
        }
    }

    /// Stops refreshing.
    func stop() {
        let pending = timing.withLock { timing -> [PolicyTimer] in
            timing.stopped = true
            defer { timing.timers.removeAll() }
            return Array(timing.timers.values)
        }
        for timer in pending { timer.cancel() }
    }

    /// A restart: memory is lost, the disk is not.
    func restart() async {
        stop()
        entries.withLock { $0.removeAll() }
        await start()
    }

    func lookup(host: String, connection: TLSConnectionContext) -> StapleLookup {
        let now = clock.now()
        guard let entry = entries.withLock({ $0[host] }) else { return .answer(.none("no response fetched yet")) }
        guard isValid(entry, now: now) else { return .answer(.none("cached response expired")) }
        return .answer(.staple(entry.der))
    }

    func fetch(host: String, connection: TLSConnectionContext) -> EventLoopFuture<StapleAnswer> {
        connection.eventLoop.makeSucceededFuture(.none("proactive servers never fetch inside a handshake"))
    }

    private func isValid(_ entry: Entry, now: Double) -> Bool {
        ProactiveStapleRule.isValid(nextUpdate: entry.nextUpdate, now: now, skew: fetch.config.skew.seconds)
    }

    /// Fetches now; on success keeps and persists the response; then schedules the next refresh.
    private func refresh(_ host: String) -> EventLoopFuture<Void> {
        fetch.fetch(host: host, method: .post, timeout: fetch.config.fetchTimeout, on: loop).map { outcome in
            // The shared rule: a good response with its validity, revoked and unknown as is
            // (a client must learn of the revocation), anything else retried.
            if let der = outcome.der, let kept = ProactiveStapleRule.keep(outcome.result, now: self.clock.now()) {
                self.keep(Entry(der: der, thisUpdate: kept.thisUpdate, nextUpdate: kept.nextUpdate), host: host)
            } else {
                self.scheduleRetry(host)
            }
        }
    }

    private func keep(_ entry: Entry, host: String) {
        entries.withLock { $0[host] = entry }
        saveToDisk(entry, host: host)
        schedule(host, after: entry)
    }

    private func schedule(_ host: String, after entry: Entry) {
        // Refresh at half the validity.
        let next = ProactiveStapleRule.refreshTime(thisUpdate: entry.thisUpdate, nextUpdate: entry.nextUpdate, now: clock.now())
        scheduleRefresh(host, at: next)
    }

    private func scheduleRetry(_ host: String) {
        scheduleRefresh(host, at: clock.now() + ProactiveStapleCache.retryInterval)
    }

    /// On the policy clock: a manual clock's refresh waits for the test to advance it there.
    private func scheduleRefresh(_ host: String, at scenarioTime: Double) {
        let old = timing.withLock { timing -> PolicyTimer? in
            guard !timing.stopped else { return nil }
            let task = PolicyTimer(at: scenarioTime, clock: clock, on: loop) {
                // A fired alarm is queued before stop() can cancel it: a stopped cache fetches nothing.
                guard !self.timing.withLock({ $0.stopped }) else { return }
                _ = self.refresh(host)
            }
            defer { timing.timers[host] = task }
            return timing.timers[host]
        }
        old?.cancel()
    }

    // MARK: - Disk

    private func path(_ host: String) -> URL? {
        fetch.config.cacheDirectory.map { URL(fileURLWithPath: $0).appendingPathComponent("\(host).ocsp.der") }
    }

    private func saveToDisk(_ entry: Entry, host: String) {
        guard let url = path(host) else { return }
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(entry.der).write(to: url, options: .atomic)
    }

    private func loadFromDisk(_ host: String) -> Entry? {
        guard let url = path(host), let data = try? Data(contentsOf: url) else { return nil }
        let der = [UInt8](data)
        guard let leaf = fetch.config.pki.leaf(for: host)?.certificate,
              let issuer = fetch.config.pki.issuer(of: leaf) else { return nil }
        // A response read back from disk is checked like a fresh one.
        switch fetch.verifier.verify(der, certificate: leaf, issuer: issuer, now: clock.now()) {
        case .good(let thisUpdate, let nextUpdate):
            return Entry(der: der, thisUpdate: thisUpdate, nextUpdate: nextUpdate)
        default:
            return nil
        }
    }
}

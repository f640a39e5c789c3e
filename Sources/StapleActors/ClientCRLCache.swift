import Synchronization
import StapleCore
import StaplePKI

/// A client's downloaded CRLs, by distribution point URL: each kept until its nextUpdate
/// (on the scenario clock), then downloaded again.
final class ClientCRLCache: Sendable {
    private let lists = Mutex<[String: (list: RevocationList, expires: Double)]>([:])

    /// The cached list for `url` at `now`, if its nextUpdate has not come.
    func list(for url: String, now: Double) -> RevocationList? {
        lists.withLock { lists in
            guard let entry = lists[url] else { return nil }
            if !RevocationListRule.isCurrent(nextUpdate: entry.expires, now: now) {
                lists[url] = nil
                return nil
            }
            return entry.list
        }
    }

    /// Keeps a verified list until its nextUpdate (a list without one is not kept).
    func store(_ list: RevocationList, for url: String) {
        guard let expires = list.nextUpdate else { return }
        lists.withLock { $0[url] = (list, expires) }
    }

    /// Forgets every list.
    func clear() { lists.withLock { $0.removeAll() } }
}

import Synchronization
import StapleCore
import StaplePKI

/// A client's memory of OCSP answers, by certificate serial: reused until nextUpdate or
/// `Cache-Control: max-age`, whichever comes first (as browsers do).
final class ClientOCSPCache: Sendable {
    private struct Entry {
        var verdict: OCSPVerdict
        var expires: Double
    }
    private let entries = Mutex<[String: Entry]>([:])

    /// The cached verdict for `serial` at `now`, if still fresh.
    func verdict(for serial: String, now: Double) -> OCSPVerdict? {
        entries.withLock { entries in
            guard let entry = entries[serial] else { return nil }
            if !ClientOCSPCacheRule.isFresh(expires: entry.expires, now: now) {
                entries[serial] = nil
                return nil
            }
            return entry.verdict
        }
    }

    /// Keeps a trustworthy verdict (good or revoked) until its expiry.
    func store(_ verdict: OCSPVerdict, for serial: String, now: Double, maxAge: Double?) {
        let answer: ClientOCSPCacheRule.Answer
        switch verdict {
        case .good(_, let next): answer = .good(nextUpdate: next)
        case .revoked: answer = .revoked
        case .unknown, .rejected: answer = .other
        }
        guard let expires = ClientOCSPCacheRule.expiry(answer, now: now, maxAge: maxAge) else { return }
        entries.withLock { $0[serial] = Entry(verdict: verdict, expires: expires) }
    }

    /// Forgets everything.
    func clear() { entries.withLock { $0.removeAll() } }
}

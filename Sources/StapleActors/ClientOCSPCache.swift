import Synchronization
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
            if entry.expires <= now {
                entries[serial] = nil
                return nil
            }
            return entry.verdict
        }
    }

    /// Keeps a trustworthy verdict (good or revoked) until its expiry.
    func store(_ verdict: OCSPVerdict, for serial: String, now: Double, maxAge: Double?) {
        let nextUpdate: Double?
        switch verdict {
        case .good(_, let next): nextUpdate = next
        case .revoked: nextUpdate = nil
        case .unknown, .rejected: return
        }
        var expires = nextUpdate ?? (now + 3600)
        if let maxAge { expires = min(expires, now + maxAge) }
        guard expires > now else { return }
        entries.withLock { $0[serial] = Entry(verdict: verdict, expires: expires) }
    }

    /// Forgets everything.
    func clear() { entries.withLock { $0.removeAll() } }
}

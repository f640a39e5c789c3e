import Synchronization

/// Connections open at once on one listener, against a cap: shared by the listener's child
/// channels across event loops.
final class ConnectionCounter: Sendable {
    /// The most admitted at once.
    let limit: Int
    private let open = Mutex(0)

    /// A counter admitting at most `limit` (at least 1) at once.
    init(limit: Int) { self.limit = max(1, limit) }

    /// Counts one more open connection; false (nothing counted) when `limit` are open.
    func admit() -> Bool {
        open.withLock {
            guard $0 < limit else { return false }
            $0 += 1
            return true
        }
    }

    /// Counts one admitted connection closed.
    func release() { open.withLock { $0 -= 1 } }

    /// Connections open now.
    var count: Int { open.withLock { $0 } }
}

import Synchronization

/// The working memory of one attempt's ``ClientRevocationPolicy``: what its check has
/// concluded so far, across the TLS callbacks and the fetches it starts.
///
/// It is not a carrier of results: the only reader besides the policy is the ``ClientActor``
/// writing the attempt's `client.status-decided` event (and choosing soft-fail as the outcome)
/// once the handshake is over. Records, the CSV, diagrams and tests read that event. Whether a
/// staple arrived is the `tls.staple-received` event's alone; the version the
/// `tls.handshake-complete` event's.
final class ClientCheckState: Sendable {
    struct Value: Sendable {
        /// `good`, `revoked`, `unknown`, `none` (not checked), or why the check failed.
        var status = "none"
        /// Where the answer came from: `staple`, `fetched`, `cached`, or empty.
        var source = ""
        /// Whether the leaf's status came from a good staple (a chain check then fetches the rest only).
        var leafFromStaple = false
        /// Why the client carried on without a status (soft-fail), or nil when it did not.
        var softFailReason: String?
    }
    private let value = Mutex(Value())

    var current: Value { value.withLock { $0 } }

    func update(_ change: (inout Value) -> Void) { value.withLock { change(&$0) } }
}

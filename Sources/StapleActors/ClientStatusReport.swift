import Synchronization

/// What one connection's revocation check found, for the record of that connection.
final class ClientStatusReport: Sendable {
    struct Value: Sendable {
        /// `good`, `revoked`, `unknown`, `none` (not checked), or why the check failed.
        var status = "none"
        /// Where the answer came from: `staple`, `fetched`, `cached`, or empty.
        var source = ""
        /// Whether the leaf's status came from a good staple (a chain check then fetches the rest only).
        var leafFromStaple = false
        /// Whether the client carried on without a status (soft-fail).
        var softFail = false
        /// Whether the server stapled anything (known even when the handshake then failed).
        var stapleReceived = false
    }
    private let value = Mutex(Value())

    var current: Value { value.withLock { $0 } }

    func update(_ change: (inout Value) -> Void) { value.withLock { change(&$0) } }
}

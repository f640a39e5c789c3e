import Synchronization

/// Which `LinkSpec` applies to a connection, by the connection's source IP.
///
/// Shared by a gateway's front door and its open connections. Lookups happen once per
/// connection (and again only after an update): a connection compares `generation`, one
/// relaxed atomic load, before each chunk, so a changed spec reaches open connections
/// without a lock on the hot path.
final class RouteTable: Sendable {
    private struct Storage {
        var routes: [String: LinkSpec]
        var defaultSpec: LinkSpec
    }
    private let storage: Mutex<Storage>
    private let counter = Atomic<UInt64>(0)

    /// A table with `routes` (source IP → spec) and the spec for unknown sources.
    init(routes: [String: LinkSpec], defaultSpec: LinkSpec) {
        self.storage = Mutex(Storage(routes: routes, defaultSpec: defaultSpec))
    }

    /// Bumped on every change.
    var generation: UInt64 { counter.load(ordering: .relaxed) }

    /// The spec for `sourceIP` (the default spec for unknown sources) and the generation it belongs to.
    func spec(for sourceIP: String) -> (spec: LinkSpec, generation: UInt64) {
        storage.withLock { storage in
            (storage.routes[sourceIP] ?? storage.defaultSpec, counter.load(ordering: .relaxed))
        }
    }

    /// Sets (or replaces) the spec of `sourceIP`.
    func update(source sourceIP: String, spec: LinkSpec) {
        storage.withLock { storage in
            storage.routes[sourceIP] = spec
            counter.add(1, ordering: .relaxed)
        }
    }

    /// Removes the route of `sourceIP` (its connections fall back to the default spec).
    func remove(source sourceIP: String) {
        storage.withLock { storage in
            storage.routes[sourceIP] = nil
            counter.add(1, ordering: .relaxed)
        }
    }

    /// Replaces the spec for unknown sources.
    func updateDefault(_ spec: LinkSpec) {
        storage.withLock { storage in
            storage.defaultSpec = spec
            counter.add(1, ordering: .relaxed)
        }
    }

    /// Every route (source IP → spec).
    var routes: [String: LinkSpec] { storage.withLock { $0.routes } }
}

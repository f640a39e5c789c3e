import NIOCore
import Synchronization

/// What a real client's TCP door shares with its connections.
final class RealClientDoorContext: Sendable {
    /// Which front door it leads to.
    let role: RealClientDoorRole
    /// The client's own address: every upstream socket is bound to it.
    let source: String
    /// The shared front door it leads to.
    let upstream: SocketAddress
    /// The visit in progress, told about every crossing.
    let visits: RealClientVisits
    private let counter = Atomic<Int>(0)

    /// Makes the shared context.
    init(role: RealClientDoorRole, source: String, upstream: SocketAddress, visits: RealClientVisits) {
        self.role = role
        self.source = source
        self.upstream = upstream
        self.visits = visits
    }

    /// A number per accepted connection, from 1.
    func nextConnection() -> Int { counter.add(1, ordering: .relaxed).newValue }
}

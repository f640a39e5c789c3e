import NIOCore
import StapleCore
import Synchronization

/// What a UDP link's owner shares with its event-loop core: names, trace, clock, routes and target.
final class UDPLinkContext: Sendable {
    /// The link's name (for messages).
    let name: String
    /// Where events and observations go.
    let trace: Trace
    /// The scenario clock fault windows run on.
    let clock: PolicyClock
    /// Source IP → spec.
    let routes: RouteTable
    /// Whether the tap records DNS query names.
    let tap: Bool
    /// How delayed datagrams are timed, and how late they were.
    let timing = DeliveryTiming()
    /// The overall bound of the wire events its connections record.
    let wireBudget = WireBudget()

    private let targetBox = Mutex<SocketAddress?>(nil)
    private let frontBox = Mutex<String>("")
    private let sessionsMade = Atomic<UInt64>(0)

    /// Makes the shared context.
    init(name: String, trace: Trace, clock: PolicyClock, routes: RouteTable, tap: Bool, target: SocketAddress?) {
        self.name = name
        self.trace = trace
        self.clock = clock
        self.routes = routes
        self.tap = tap
        targetBox.withLock { $0 = target }
    }

    /// The actor's real address, once known.
    var target: SocketAddress? {
        get { targetBox.withLock { $0 } }
        set { targetBox.withLock { $0 = newValue } }
    }

    /// The front socket's address as text, once bound.
    var frontAddress: String {
        get { frontBox.withLock { $0 } }
        set { frontBox.withLock { $0 = newValue } }
    }

    /// A number per session, from 1 (seeds each session's jitter).
    func nextSessionIndex() -> UInt64 { sessionsMade.add(1, ordering: .relaxed).newValue }
}

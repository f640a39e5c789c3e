import NIOCore
import NIOPosix
import StapleCore
import Synchronization

/// What a front door (TCP or UDP) shares with the connections or sessions it carries: names,
/// trace, clock, routes, timing, the upstream target and the registry of open channels.
///
/// One type for both transports, so that a rule about routes, seeds or targets is written once.
final class FrontDoorContext: Sendable {
    /// The front door's name (for messages; events use each connection's spec name).
    let name: String
    /// Where events and observations go.
    let trace: Trace
    /// The scenario clock that fault windows run on.
    let clock: PolicyClock
    /// Source IP → spec.
    let routes: RouteTable
    /// Whether connections carry a passive tap.
    let tap: Bool
    /// How delayed deliveries are timed, and how late they were; its clock is the one the
    /// connections read (``Instant/now()``, or a test's event-loop time).
    let timing: DeliveryTiming
    /// Opens a TCP connection's upstream socket (``SpliceBootstrap/connectUpstream(_:on:from:to:failed:)``,
    /// or a test's own channel on an embedded loop).
    let connectUpstream: UpstreamConnector
    /// Binds a UDP session's upstream socket (a `DatagramBootstrap` on the front socket's loop,
    /// or a test's own channel on an embedded loop).
    let bindDatagramUpstream: DatagramBinder
    /// The overall bound of the wire events its connections record.
    let wireBudget = WireBudget()

    private let targetBox = Mutex<SocketAddress?>(nil)
    private let frontBox = Mutex<String>("")
    private let open = Mutex<[ObjectIdentifier: Channel]>([:])
    private let made = Atomic<UInt64>(0)

    /// How a TCP connection's upstream socket is opened: connect `connection`'s upstream side on
    /// `loop` from `source` to `target`, or tell `failed` why not.
    typealias UpstreamConnector = @Sendable (_ connection: LinkConnection, _ loop: any EventLoop, _ source: SocketAddress,
                                             _ target: SocketAddress, _ failed: @escaping (any Error) -> Void) -> Void

    /// How a UDP session's upstream socket is made: bind a datagram channel on `loop` to `address`,
    /// set up by `initialize` (which adds the session's handler).
    typealias DatagramBinder = @Sendable (_ loop: any EventLoop, _ address: SocketAddress,
                                          _ initialize: @escaping @Sendable (Channel) -> EventLoopFuture<Void>) -> EventLoopFuture<Channel>

    /// Makes the shared context. `timing`, `connectUpstream` and `bindDatagramUpstream` are seams
    /// for tests that drive connections or sessions on an embedded event loop; the defaults are
    /// the real clock and sockets.
    init(name: String, trace: Trace, clock: PolicyClock, routes: RouteTable, tap: Bool, target: SocketAddress?,
         timing: DeliveryTiming = DeliveryTiming(),
         connectUpstream: @escaping UpstreamConnector = { SpliceBootstrap.connectUpstream($0, on: $1, from: $2, to: $3, failed: $4) },
         bindDatagramUpstream: @escaping DatagramBinder = { DatagramBootstrap(group: $0).channelInitializer($2).bind(to: $1) }) {
        self.timing = timing
        self.connectUpstream = connectUpstream
        self.bindDatagramUpstream = bindDatagramUpstream
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

    /// The front door's address as text (`127.0.2.10:40001`), once bound.
    var frontAddress: String {
        get { frontBox.withLock { $0 } }
        set { frontBox.withLock { $0 = newValue } }
    }

    /// The seed of the next connection (TCP) or session (UDP): the spec's seed mixed with a
    /// number per connection or session, from 1, so that each has its own jitter stream.
    func nextSeed(_ spec: LinkSpec) -> UInt64 {
        SeededGenerator.derive(spec.seed, index: made.add(1, ordering: .relaxed).newValue)
    }

    /// Remembers an open channel (a downstream connection, an upstream socket) until it closes.
    func register(_ channel: Channel) {
        let key = ObjectIdentifier(channel)
        open.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.open.withLock { _ = $0.removeValue(forKey: key) }
        }
    }

    /// The registered channels still open.
    var openChannels: [Channel] { open.withLock { Array($0.values) } }
}

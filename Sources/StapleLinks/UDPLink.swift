import NIOCore
import NIOPosix
import StapleCore
import Synchronization

/// The front door of a datagram actor (the DNS resolver): delays datagrams each way, drops
/// them during faults, taps DNS query names, and keeps the party's address.
///
/// A datagram from party address S (IP:port) is delayed by S's forward effects and sent to
/// the actor from an upstream socket bound to S's IP (port 0), one socket per party address,
/// so the actor sees S's IP. The actor's replies to that socket get the backward effects and
/// are sent to S from the front socket, so S sees replies from the address it asked.
/// Faults: `refuse` and `hang` drop datagrams (also inside fault windows); `resetAfter` and
/// `closeAfter` have no meaning for datagrams and are ignored. Sessions idle for 30 s are closed.
public final class UDPLink: Sendable {
    private enum State {
        case initial
        case starting
        case running(Channel, SocketAddress)
        case stopped
    }

    /// The link's name (for messages).
    public let name: String
    private let host: String
    private let port: Int
    private let group: EventLoopGroup
    private let context: UDPLinkContext
    private let state = Mutex(State.initial)

    /// Makes a link that will listen on `host:port` and forward to `target`.
    ///
    /// - Parameters:
    ///   - name: the link's name, e.g. `front:dns`.
    ///   - host: the front socket's IP literal.
    ///   - port: the front socket's port; 0 for an ephemeral one.
    ///   - target: the actor's real address; may be set later with `setTarget(_:)`.
    ///   - routes: source IP → spec.
    ///   - defaultSpec: the spec of unknown sources (default: no effect, named after the link).
    ///   - trace: where events and observations go.
    ///   - clock: the scenario clock fault windows run on.
    ///   - group: the event loops that run the link.
    ///   - tap: whether a passive observer records DNS query names.
    public init(name: String, listen host: String, port: Int = 0, target: SocketAddress? = nil,
                routes: [String: LinkSpec] = [:], defaultSpec: LinkSpec? = nil, trace: Trace,
                clock: PolicyClock, group: EventLoopGroup, tap: Bool = true) {
        self.name = name
        self.host = host
        self.port = port
        self.group = group
        let table = RouteTable(routes: routes, defaultSpec: defaultSpec ?? LinkSpec(name: name))
        self.context = UDPLinkContext(name: name, trace: trace, clock: clock, routes: table, tap: tap, target: target)
    }

    /// Binds the front socket; returns the bound address (with its port).
    public func start() async throws -> SocketAddress {
        try state.withLock { state in
            guard case .initial = state else { throw LinkError.alreadyStarted(link: name) }
            state = .starting
        }
        let context = self.context
        let bootstrap = DatagramBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // A burst of queries while the event loops are busy with TLS must not overflow the
            // socket's buffer (the default 208 KiB holds only ~200 small datagrams).
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let core = UDPLinkCore(context: context, front: channel)
                    try channel.pipeline.syncOperations.addHandler(UDPFrontHandler(core: core))
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            state.withLock { $0 = .initial }
            throw LinkError.bindFailed(link: name, address: "\(host):\(port)", reason: "\(error)")
        }
        guard let address = channel.localAddress else {
            try? await channel.close()
            state.withLock { $0 = .initial }
            throw LinkError.bindFailed(link: name, address: "\(host):\(port)", reason: "no local address after bind")
        }
        context.frontAddress = "\(address.ipAddress ?? host):\(address.port ?? 0)"
        let stoppedMeanwhile = state.withLock { state -> Bool in
            if case .stopped = state { return true }
            state = .running(channel, address)
            return false
        }
        if stoppedMeanwhile { try? await channel.close() }
        return address
    }

    /// The bound front address while running.
    public var address: SocketAddress? {
        state.withLock { state in
            if case .running(_, let address) = state { return address }
            return nil
        }
    }

    /// The actor's real address, once set.
    public var target: SocketAddress? { context.target }

    /// Sets the actor's real address.
    public func setTarget(_ target: SocketAddress) { context.target = target }

    /// Sets the spec of datagrams from `source` (an IP literal), effective for the next datagram.
    public func update(source: String, spec: LinkSpec) { context.routes.update(source: source, spec: spec) }

    /// Removes the route of `source`: its datagrams fall back to the default spec.
    public func removeRoute(source: String) { context.routes.remove(source: source) }

    /// Replaces the spec of unknown sources.
    public func updateDefault(_ spec: LinkSpec) { context.routes.updateDefault(spec) }

    /// Closes the front socket and every upstream socket. Datagrams still delayed are dropped
    /// How late this link's delayed deliveries went out against their deadlines (every
    /// connection so far): the harness's own timing error, reported beside the measurements.
    public var deliveryLateness: LatenessHistogram { context.timing.lateness }

    /// (a datagram network promises no delivery).
    public func stop() async {
        let channel = state.withLock { state -> Channel? in
            defer { state = .stopped }
            if case .running(let channel, _) = state { return channel }
            return nil
        }
        if let channel { try? await channel.close() }
    }
}

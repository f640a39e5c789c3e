import NIOCore
import NIOPosix
import StapleCore
import Synchronization

/// The front door of one actor: a TCP proxy that delays, shapes and breaks the connections
/// of each party on its own terms, taps them, and hides nothing about who is talking.
///
/// Each destination actor (a TLS server, the OCSP responder) sits behind one `TCPLink` on its
/// own loopback address. A connection is classified by its source IP (each party binds its
/// own 127.x.y.z), which picks its `LinkSpec`; unknown sources get `defaultSpec`. The link
/// then connects to the actor from that same source IP (bound before connect, port 0), so the
/// actor sees the party's address, never the proxy's.
///
/// Per connection it applies, per direction, latency, jitter and bandwidth from each chunk's
/// arrival; emulates the kernel's TCP handshake (the first bytes wait one extra round trip,
/// and the upstream connect waits the forward latency, so the actor accepts when a SYN would
/// arrive); injects the spec's fault; and, with `tap`, records what an on-path observer reads
/// in clear (see `TapSession`). Specs can change while connections are open (`update`).
public final class TCPLink: Sendable {
    private enum State {
        case initial
        case starting
        case running(Channel, SocketAddress)
        case stopped
    }

    /// The gateway's name (for messages).
    public let name: String
    private let host: String
    private let port: Int
    private let group: EventLoopGroup
    private let context: TCPLinkContext
    private let state = Mutex(State.initial)

    /// Makes a link that will listen on `host:port` and forward to `target`.
    ///
    /// - Parameters:
    ///   - name: the gateway's name, e.g. `front:example.com`.
    ///   - host: the front door's IP literal, e.g. `127.0.2.10`.
    ///   - port: the front door's port; 0 for an ephemeral one.
    ///   - target: the actor's real address; may be set later with `setTarget(_:)`.
    ///   - routes: source IP → spec.
    ///   - defaultSpec: the spec of unknown sources (default: no effect, named after the link).
    ///   - trace: where events and observations go.
    ///   - clock: the scenario clock fault windows run on.
    ///   - group: the event loops that run the link.
    ///   - tap: whether a passive observer records what crosses in clear.
    public init(name: String, listen host: String, port: Int = 0, target: SocketAddress? = nil,
                routes: [String: LinkSpec] = [:], defaultSpec: LinkSpec? = nil, trace: Trace,
                clock: PolicyClock, group: EventLoopGroup, tap: Bool = true) {
        self.name = name
        self.host = host
        self.port = port
        self.group = group
        let table = RouteTable(routes: routes, defaultSpec: defaultSpec ?? LinkSpec(name: name))
        self.context = TCPLinkContext(name: name, trace: trace, clock: clock, routes: table,
                                      tap: tap, target: target)
    }

    /// Binds the front door and starts accepting; returns the bound address (with its port).
    public func start() async throws -> SocketAddress {
        try state.withLock { state in
            guard case .initial = state else { throw LinkError.alreadyStarted(link: name) }
            state = .starting
        }
        let context = self.context
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = LinkConnection(context: context, channel: channel)
                    try channel.pipeline.syncOperations.addHandler(
                        LinkSideHandler(connection: connection, side: .downstream))
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

    /// The bound front-door address while running.
    public var address: SocketAddress? {
        state.withLock { state in
            if case .running(_, let address) = state { return address }
            return nil
        }
    }

    /// The actor's real address, once set.
    public var target: SocketAddress? { context.target }

    /// Sets the actor's real address (connections accepted from now on go there).
    public func setTarget(_ target: SocketAddress) { context.target = target }

    /// Sets the spec of connections from `source` (an IP literal); open connections take the
    /// new effects for their next chunk, new connections also its faults.
    public func update(source: String, spec: LinkSpec) { context.routes.update(source: source, spec: spec) }

    /// Removes the route of `source`: its connections fall back to the default spec.
    public func removeRoute(source: String) { context.routes.remove(source: source) }

    /// Replaces the spec of unknown sources.
    public func updateDefault(_ spec: LinkSpec) { context.routes.updateDefault(spec) }

    /// The routes (source IP → spec) now in force.
    public var routes: [String: LinkSpec] { context.routes.routes }

    /// How late this link's delayed deliveries went out against their deadlines (every
    /// connection so far): the harness's own timing error, reported beside the measurements.
    public var deliveryLateness: LatenessHistogram { context.timing.lateness }

    /// How many accepted connections are still open.
    public var openConnections: Int { context.openChannels.count }

    /// Stops accepting, delivers what open connections still hold, closes them, and returns
    /// when they are closed (after `grace` at most, then closes what is left).
    public func stop(grace: Delay = .seconds(2)) async {
        let channel = state.withLock { state -> Channel? in
            defer { state = .stopped }
            if case .running(let channel, _) = state { return channel }
            return nil
        }
        if let channel { try? await channel.close() }
        let open = context.openChannels
        for connection in open {
            connection.pipeline.fireUserInboundEventTriggered(LinkDrainEvent())
        }
        let deadline = Instant.now().adding(seconds: grace.seconds)
        for connection in open {
            let remaining = deadline.milliseconds(since: .now())
            if remaining <= 0 { break }
            let timeout = connection.eventLoop.scheduleTask(in: .milliseconds(Int64(remaining.rounded(.up)))) {
                connection.close(promise: nil)
            }
            try? await connection.closeFuture.get()
            timeout.cancel()
        }
        for connection in context.openChannels { try? await connection.close() }
    }
}

import NIOCore
import NIOPosix
import StapleCore
import Synchronization

/// The front door of one actor: a proxy on the actor's own loopback address that delays,
/// shapes and breaks what each party sends on its own terms, taps it, and hides nothing about
/// who is talking. One type for both transports, so that routes, seeds, targets, timing and
/// the life cycle are written once.
///
/// Traffic is classified by its source IP (each party binds its own 127.x.y.z), which picks its
/// `LinkSpec`; unknown sources get the default spec. The door sends onward to the actor from
/// that same source IP (bound before connect or send, port 0), so the actor sees the party's
/// address, never the proxy's. Specs can change while traffic flows (`update`): each connection
/// or session takes the new effects for its next chunk, keeping its own jitter stream.
///
/// - **TCP** (TLS servers, the OCSP responder): per connection and direction, latency, jitter and
///   bandwidth from each chunk's arrival; the kernel's TCP handshake emulated (the first bytes
///   wait one extra round trip, and the upstream connect waits the forward latency, so the actor
///   accepts when a SYN would arrive); the spec's fault injected; with `tap`, what an on-path
///   observer reads in clear recorded (see `TapSession`).
/// - **UDP** (the DNS resolver): a datagram from party address S is delayed by S's forward effects
///   and sent to the actor from an upstream socket bound to S's IP, one socket (a session) per
///   party address; the actor's replies get the backward effects and go back to S from the front
///   socket. `refuse` and `hang` drop datagrams (also inside fault windows); `resetAfter` and
///   `closeAfter` have no meaning for datagrams and are ignored. Sessions idle for 30 s close.
public final class FrontDoor: Sendable {
    /// The transport a front door carries.
    public enum Transport: String, Sendable, Hashable {
        /// Byte streams: one `LinkConnection` per accepted connection.
        case tcp
        /// Datagrams: one `UDPLinkCore` session per party address.
        case udp
    }

    private enum State {
        case initial
        case starting
        case running(Channel, SocketAddress)
        case stopped
    }

    /// The front door's name (for messages), e.g. `front:example.com`.
    public let name: String
    /// The transport it carries.
    public let transport: Transport
    private let host: String
    private let port: Int
    private let group: EventLoopGroup
    private let context: FrontDoorContext
    private let state = Mutex(State.initial)

    /// Makes a front door that will listen on `host:port` and forward to `target`.
    ///
    /// - Parameters:
    ///   - transport: TCP or UDP.
    ///   - name: the door's name, e.g. `front:example.com`.
    ///   - host: the front door's IP literal, e.g. `127.0.2.10`.
    ///   - port: the front door's port; 0 for an ephemeral one.
    ///   - target: the actor's real address; may be set later with `setTarget(_:)`.
    ///   - routes: source IP → spec.
    ///   - defaultSpec: the spec of unknown sources (default: no effect, named after the door).
    ///   - trace: where events and observations go.
    ///   - clock: the scenario clock fault windows run on.
    ///   - group: the event loops that run the door.
    ///   - tap: whether a passive observer records what crosses in clear.
    public init(_ transport: Transport, name: String, listen host: String, port: Int = 0, target: SocketAddress? = nil,
                routes: [String: LinkSpec] = [:], defaultSpec: LinkSpec? = nil, trace: Trace,
                clock: PolicyClock, group: EventLoopGroup, tap: Bool = true) {
        self.transport = transport
        self.name = name
        self.host = host
        self.port = port
        self.group = group
        let table = RouteTable(routes: routes, defaultSpec: defaultSpec ?? LinkSpec(name: name))
        self.context = FrontDoorContext(name: name, trace: trace, clock: clock, routes: table, tap: tap, target: target)
    }

    /// Binds the front door and starts carrying traffic; returns the bound address (with its port).
    public func start() async throws -> SocketAddress {
        try state.withLock { state in
            guard case .initial = state else { throw LinkError.alreadyStarted(link: name) }
            state = .starting
        }
        let channel: Channel
        do {
            channel = try await bind()
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

    private func bind() async throws -> Channel {
        let context = self.context
        switch transport {
        case .tcp:
            return try await SpliceBootstrap.listener(group: group, backlog: 1024) { LinkConnection(context: context, channel: $0) }
                .bind(host: host, port: port).get()
        case .udp:
            return try await DatagramBootstrap(group: group)
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
                .bind(host: host, port: port).get()
        }
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

    /// Sets the actor's real address (connections accepted and datagrams sent from now on go there).
    public func setTarget(_ target: SocketAddress) { context.target = target }

    /// Sets the spec of traffic from `source` (an IP literal): open connections and sessions
    /// take the new effects for their next chunk or datagram, new TCP connections also its faults.
    public func update(source: String, spec: LinkSpec) { context.routes.update(source: source, spec: spec) }

    /// Removes the route of `source`: its traffic falls back to the default spec.
    public func removeRoute(source: String) { context.routes.remove(source: source) }

    /// Replaces the spec of unknown sources.
    public func updateDefault(_ spec: LinkSpec) { context.routes.updateDefault(spec) }

    /// The routes (source IP → spec) now in force.
    public var routes: [String: LinkSpec] { context.routes.routes }

    /// How late this door's delayed deliveries went out against their deadlines (everything
    /// so far): the harness's own timing error, reported beside the measurements.
    public var deliveryLateness: LatenessHistogram { context.timing.lateness }

    /// How many accepted TCP connections are still open (0 for UDP).
    public var openConnections: Int { context.openChannels.count }

    /// Stops accepting and closes. TCP: delivers what open connections still hold, closes them,
    /// and returns when they are closed (after `grace` at most, then closes what is left). UDP:
    /// closing the front socket closes every upstream socket; datagrams still delayed are
    /// dropped (a datagram network promises no delivery).
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

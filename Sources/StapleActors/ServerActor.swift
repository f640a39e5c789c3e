import NIOCore
import NIOPosix
import StapleCore
import StaplePKI
import StapleTLS

/// A TLS server for one or more sites (picked by SNI) that answers a tiny HTTP request,
/// with the explainer's stapling levers: stapling on/off, verify before stapling, responder
/// URL override, and a cache/refresh ``StaplingPolicy`` (lazy = nginx, blocking = Apache,
/// proactive = Caddy). It fetches its own OCSP responses from its own address, through the
/// resolver and the links like any other party.
public actor ServerActor {
    /// The actor's life.
    public enum State: Sendable, Equatable {
        /// Not started.
        case initial
        /// Serving.
        case running(SocketAddress)
        /// Stopped.
        case stopped
    }

    /// Where it stands.
    public private(set) var state: State = .initial
    /// Its configuration.
    public let config: ServerConfig
    private let trace: Trace
    private let clock: PolicyClock
    private let group: any EventLoopGroup
    private let tls: TLSContext
    private let provider: any StapleProvider
    private let proactive: ProactiveStapleCache?
    private var channel: (any Channel)?
    private let connections: ConnectionCounter
    private var starting: Task<SocketAddress, any Error>?
    private var stops = 0 // how many times stop() ran: a start that sees it change was overtaken
    private let stopSignal = StopSignal() // what run() waits on

    /// Makes a server; nothing listens (and nothing is fetched) before ``start()``.
    public init(config: ServerConfig, resolver: any HostResolver, trace: Trace, clock: PolicyClock,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.config = config
        self.trace = trace
        self.clock = clock
        self.group = group
        self.connections = ConnectionCounter(limit: config.maxConnections)
        var identities: [(host: String, identity: IssuedCertificate)] = []
        for site in config.sites {
            guard let identity = config.pki.leaf(for: site) else {
                throw ServerError.noCertificate(site)
            }
            identities.append((site, identity))
        }
        self.tls = try TLSContext(server: identities, versions: config.versions)
        let fetch = try StapleFetch(config: config, resolver: resolver, trace: trace, clock: clock)
        if !config.stapling {
            provider = NoStaple()
            proactive = nil
        } else {
            switch config.policy {
            case .lazy:
                provider = LazyStapleCache(fetch: fetch, clock: clock, workers: config.workers)
                proactive = nil
            case .blocking:
                provider = BlockingStapleCache(fetch: fetch, clock: clock)
                proactive = nil
            case .proactive:
                let cache = ProactiveStapleCache(fetch: fetch, clock: clock, hosts: config.sites, loop: group.next())
                provider = cache
                proactive = cache
            }
        }
    }

    /// Fetches first when the policy is proactive, then binds and serves; returns the bound address.
    @discardableResult
    ///
    /// Calls made while it starts share that one start; a ``stop()`` meanwhile wins (the new
    /// listener is closed and ``ServerError/stoppedWhileStarting`` thrown).
    public func start() async throws -> SocketAddress {
        if case .running(let address) = state { return address }
        if let starting { return try await starting.value }
        let task = Task { try await self.bindAndServe() }
        starting = task
        defer { starting = nil }
        return try await task.value
    }

    private func bindAndServe() async throws -> SocketAddress {
        let stopsBefore = stops
        await proactive?.start()
        let tls = self.tls, provider = self.provider, trace = self.trace
        let party = Party.server(config.name), body = SitePage.text(server: config.name)
        let page = SitePage.html(server: config.name)
        let connections = self.connections
        let limits = ServerHTTPHandler.Limits(
            handshakeTimeout: Delay(seconds: config.handshakeTimeout.seconds
                                    + (config.stapling && config.policy == .blocking ? config.responderTimeout.seconds : 0)),
            readTimeout: config.readTimeout, idleTimeout: config.idleTimeout, maxHeadBytes: config.maxHeadBytes)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 4096)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard connections.admit() else {
                        trace.record(party, .tcpAccepted, detail: "peer=\(channel.remoteAddress?.ipAndPort ?? "?") refused: "
                                     + "\(connections.limit) connections open")
                        try channel.pipeline.syncOperations.addHandler(RefusingHandler())
                        return
                    }
                    channel.closeFuture.whenComplete { _ in connections.release() }
                    let id = ConnectionID.next()
                    trace.record(party, .tcpAccepted, connection: id,
                                 detail: "peer=\(channel.remoteAddress?.ipAndPort ?? "?")",
                                 payload: .endpoints(local: channel.localAddress?.ipAndPort, remote: channel.remoteAddress?.ipAndPort))
                    try channel.pipeline.syncOperations.addHandler(
                        TLSHandler(server: tls, provider: provider, trace: trace, party: party, connection: id))
                    try channel.pipeline.syncOperations.addHandler(ServerHTTPHandler(body: body, page: page, limits: limits))
                }
            }
            .bind(host: config.host, port: config.port).get()
        if stops != stopsBefore {
            proactive?.stop()
            try? await channel.close()
            throw ServerError.stoppedWhileStarting
        }
        self.channel = channel
        stopSignal.rearm()
        let address = channel.localAddress!
        state = .running(address)
        return address
    }

    /// Starts if needed, serves until the task is cancelled or ``stop()`` is called, then stops.
    public func run() async throws {
        try await start()
        await stopSignal.wait()
        await stop()
    }

    /// Connections open now (against the configuration's `maxConnections`).
    public var openConnections: Int { connections.count }

    /// Stops serving and refreshing (also a start under way).
    public func stop() async {
        stops += 1
        stopSignal.fire()
        proactive?.stop()
        if let channel { try? await channel.close() }
        channel = nil
        state = .stopped
    }

    /// A process restart as far as stapling goes: in-memory caches are lost (a proactive
    /// server reloads its responses from disk). The listening socket stays, so links in
    /// front of it keep working.
    public func restart() async {
        trace.record(.server(config.name), .serverRestarted, detail: config.policy.rawValue)
        switch provider {
        case let lazy as LazyStapleCache: lazy.reset()
        case let blocking as BlockingStapleCache: blocking.reset()
        default: break
        }
        await proactive?.restart()
    }
}

/// Why a server cannot start.
public enum ServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A site has no certificate in the PKI.
    case noCertificate(String)
    /// ``ServerActor/stop()`` was called before ``ServerActor/start()`` finished.
    case stoppedWhileStarting

    /// What went wrong.
    public var description: String {
        switch self {
        case .noCertificate(let site): return "no certificate for site \(site) in the PKI"
        case .stoppedWhileStarting: return "the server was stopped while it was starting; make a new one to serve again"
        }
    }
}

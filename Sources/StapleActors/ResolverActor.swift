import NIOCore
import NIOPosix
import StapleCore

/// The scenario's DNS resolver: real DNS over UDP (RFC 1035 A queries), answering the
/// scenario's names (sites and the OCSP responder, each resolving to its link's front door),
/// NXDOMAIN otherwise, after a configurable delay. It records who asked for which name.
public actor ResolverActor {
    /// The actor's life.
    public enum State: Sendable, Equatable {
        /// Not started.
        case initial
        /// Answering.
        case running(SocketAddress)
        /// Stopped.
        case stopped
    }

    /// Where it stands.
    public private(set) var state: State = .initial
    private let config: ResolverConfig
    private let trace: Trace
    private let group: any EventLoopGroup
    private var channel: (any Channel)?

    /// Makes a resolver; nothing listens before ``start()``.
    public init(config: ResolverConfig, trace: Trace, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.config = config
        self.trace = trace
        self.group = group
    }

    /// Binds and starts answering; returns the bound address.
    @discardableResult
    public func start() async throws -> SocketAddress {
        if case .running(let address) = state { return address }
        let config = self.config, trace = self.trace
        let listen = "\(config.host):\(config.port)"
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let address = channel.localAddress?.ipAndPort ?? listen
                    try channel.pipeline.syncOperations.addHandler(
                        ResolverHandler(config: config, trace: trace, listenAddress: address))
                }
            }
            .bind(host: config.host, port: config.port).get()
        self.channel = channel
        let address = channel.localAddress!
        state = .running(address)
        return address
    }

    /// Starts if needed, answers until the task is cancelled, then stops.
    public func run() async throws {
        try await start()
        while !Task.isCancelled { try? await Task.sleep(nanoseconds: 100_000_000) }
        await stop()
    }

    /// Stops answering.
    public func stop() async {
        if let channel { try? await channel.close() }
        channel = nil
        state = .stopped
    }
}

import NIOCore
import NIOPosix
import StapleCore
import StapleLinks

/// The DNS resolver of a scenario: answers A queries over UDP (RFC 1035) from a table, with
/// NXDOMAIN for unknown names, after a configurable processing delay, bound to its own
/// 127.x.y.z address.
///
/// It learns who looks up what: every query is a `.dnsQueryReceived` event and an
/// `Observation` (observer `.resolver(name)`, via `.dnsQuery`, the query name, the source IP
/// it came from). A query for a known name but another type (AAAA) gets NOERROR with no
/// answer; a malformed query with a readable header gets FORMERR; other opcodes NOTIMP.
public actor ResolverActor {
    /// Where the resolver is in its life.
    public enum State: Sendable {
        /// Made, not listening.
        case initial
        /// Listening on this address.
        case running(SocketAddress)
        /// Stopped for good.
        case stopped
    }

    /// The configuration it was made with.
    public let configuration: ResolverConfiguration
    /// The current state.
    public private(set) var state = State.initial
    private let core: ResolverCore
    private let group: EventLoopGroup
    private var channel: Channel?
    private var starting = false

    /// A resolver answering from `configuration`, recording into `trace`.
    public init(configuration: ResolverConfiguration, trace: Trace, group: EventLoopGroup) {
        self.configuration = configuration
        self.core = ResolverCore(configuration: configuration, trace: trace)
        self.group = group
    }

    /// Binds the UDP socket and starts answering; returns the bound address.
    public func start() async throws -> SocketAddress {
        // A second call while the first binds is refused like one after it (actor reentrancy).
        guard case .initial = state, !starting else { throw ResolverError.alreadyStarted(name: configuration.name) }
        starting = true
        defer { starting = false }
        for (hostname, address) in configuration.records where (try? DNSRecord.a(name: hostname, address: address)) == nil {
            throw ResolverError.invalidRecord(name: configuration.name, hostname: hostname, address: address)
        }
        let core = self.core
        let bound: Channel
        do {
            bound = try await DatagramBootstrap(group: group)
                .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // A burst of queries while the event loops are busy with TLS must not overflow the
            // socket's buffer (the default 208 KiB holds only ~200 small datagrams).
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 4 << 20)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ResolverHandler(core: core))
                    }
                }
                .bind(host: configuration.host, port: configuration.port).get()
        } catch {
            throw ResolverError.bindFailed(name: configuration.name, address: "\(configuration.host):\(configuration.port)",
                                           reason: "\(error)")
        }
        guard let address = bound.localAddress else {
            try? await bound.close()
            throw ResolverError.bindFailed(name: configuration.name, address: "\(configuration.host):\(configuration.port)",
                                           reason: "no local address after bind")
        }
        if case .stopped = state {
            // stop() ran while binding: it wins.
            try? await bound.close()
            throw ResolverError.alreadyStarted(name: configuration.name)
        }
        core.address = ResolverCore.text(address)
        channel = bound
        state = .running(address)
        return address
    }

    /// Runs until the surrounding task is cancelled (starting first if needed), then stops.
    public func run() async throws {
        if case .initial = state { _ = try await start() }
        guard let channel else { return }
        await withTaskCancellationHandler {
            try? await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
        await stop()
    }

    /// Stops answering and closes the socket.
    public func stop() async {
        let open = channel
        channel = nil
        state = .stopped
        if let open { try? await open.close() }
    }

    /// Sets (or with `nil` removes) the address of `name` while running.
    public func setRecord(_ name: String, address: String?) {
        core.setRecord(name, address: address)
    }

    /// Queries received, answered with an address, and answered NXDOMAIN so far.
    public var load: (queries: Int, answered: Int, nxdomain: Int) { core.load }
}

import NIOCore
import NIOPosix
import StapleCore
import Synchronization

/// A TCP server for the tests: echoes, or answers canned bytes once a request is complete,
/// and records who connected and when bytes arrived.
final class EchoServer: Sendable {
    /// What the server does with received bytes.
    enum Behaviour: Sendable {
        /// Echo every byte back.
        case echo
        /// Send `reply` once `after` bytes have arrived on the connection, then keep quiet.
        case canned(reply: [UInt8], after: Int)
    }

    /// What the server saw.
    struct Log: Sendable {
        /// Remote addresses of accepted connections, in order.
        var peers: [SocketAddress] = []
        /// (time, bytes) of every read.
        var reads: [(Instant, Int)] = []
        /// Total bytes received.
        var received = 0
        /// Connections that ended with an error (a reset).
        var resets = 0
        /// Connections that closed, for any reason.
        var closes = 0
    }

    /// The listening channel.
    let channel: Channel
    /// The bound address.
    let address: SocketAddress
    private let box: LogBox

    private init(channel: Channel, box: LogBox) throws {
        self.channel = channel
        guard let address = channel.localAddress else { throw HarnessError(description: "echo server has no address") }
        self.address = address
        self.box = box
    }

    /// Starts a server on `host:0`.
    static func start(host: String, behaviour: Behaviour = .echo) async throws -> EchoServer {
        let box = LogBox()
        let channel = try await ServerBootstrap(group: TestLoop.group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(EchoHandler(box: box, behaviour: behaviour))
                }
            }
            .bind(host: host, port: 0).get()
        return try EchoServer(channel: channel, box: box)
    }

    /// A snapshot of what the server saw.
    var seen: Log { box.log.withLock { $0 } }

    /// The IPs of the accepted connections.
    var peerIPs: [String] { seen.peers.compactMap(\.ipAddress) }

    /// Stops listening.
    func stop() async { try? await channel.close() }
}

/// The log a server's handlers write and its tests read.
final class LogBox: Sendable {
    let log = Mutex(EchoServer.Log())
    func note(_ body: (inout EchoServer.Log) -> Void) { log.withLock { body(&$0) } }
}

/// The per-connection handler of `EchoServer`.
final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let box: LogBox
    private let behaviour: EchoServer.Behaviour
    private var received = 0
    private var replied = false

    init(box: LogBox, behaviour: EchoServer.Behaviour) {
        self.box = box
        self.behaviour = behaviour
    }

    func channelActive(context: ChannelHandlerContext) {
        let peer = context.channel.remoteAddress
        box.note { if let peer { $0.peers.append(peer) } }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = Instant.now()
        let buffer = unwrapInboundIn(data)
        received += buffer.readableBytes
        box.note {
            $0.reads.append((now, buffer.readableBytes))
            $0.received += buffer.readableBytes
        }
        switch behaviour {
        case .echo:
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        case .canned(let reply, let after):
            if !replied, received >= after {
                replied = true
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: reply)), promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        box.note { $0.resets += 1 }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        box.note { $0.closes += 1 }
    }
}

import NIOCore
import NIOPosix
import StapleCore
import Synchronization

/// A TCP client for the tests that timestamps, on the event loop, every byte it receives,
/// the close and any error, optionally from a chosen source IP.
final class ProbeClient: Sendable {
    /// What the client saw.
    struct State: Sendable {
        /// Every byte received, in order.
        var bytes: [UInt8] = []
        /// (time, cumulative bytes) after each read.
        var reads: [(Instant, Int)] = []
        /// When the connection closed, if it did.
        var closedAt: Instant?
        /// The error that ended it, if any (a reset).
        var error: (any Error)?
    }

    /// The connected channel.
    let channel: Channel
    private let box: ProbeBox

    private init(channel: Channel, box: ProbeBox) {
        self.channel = channel
        self.box = box
    }

    /// Connects to `address`, binding `sourceIP` first if given.
    static func connect(to address: SocketAddress, from sourceIP: String? = nil) async throws -> ProbeClient {
        let box = ProbeBox()
        var bootstrap = ClientBootstrap(group: TestLoop.group)
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ProbeHandler(box: box))
                }
            }
        if let sourceIP { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: sourceIP, port: 0)) }
        let channel = try await bootstrap.connect(to: address).get()
        return ProbeClient(channel: channel, box: box)
    }

    /// A snapshot.
    var seen: State { box.state.withLock { $0 } }

    /// Writes `bytes`; returns the instant just before the write.
    @discardableResult
    func send(_ bytes: [UInt8]) async throws -> Instant {
        let buffer = channel.allocator.buffer(bytes: bytes)
        let start = Instant.now()
        try await channel.writeAndFlush(buffer)
        return start
    }

    /// Waits until `total` bytes have arrived in all; returns when the read that reached it happened.
    func arrival(ofTotal total: Int, timeout: Double = 5) async throws -> Instant {
        let reached = await TestLoop.until(timeout: timeout) { seen.bytes.count >= total }
        guard reached, let read = seen.reads.first(where: { $0.1 >= total }) else {
            throw HarnessError(description: "only \(seen.bytes.count) of \(total) bytes arrived within \(timeout)s")
        }
        return read.0
    }

    /// Sends `bytes` and waits for as many to come back; returns the round trip in milliseconds.
    func exchange(_ bytes: [UInt8], timeout: Double = 5) async throws -> Double {
        let before = seen.bytes.count
        let start = try await send(bytes)
        return try await arrival(ofTotal: before + bytes.count, timeout: timeout).milliseconds(since: start)
    }

    /// Waits for the connection to close; returns when, or nil on timeout.
    func closed(timeout: Double) async -> Instant? {
        await TestLoop.until(timeout: timeout) { seen.closedAt != nil }
        return seen.closedAt
    }

    /// The local address the kernel gave the socket.
    var localAddress: SocketAddress? { channel.localAddress }

    /// Closes the connection.
    func close() async { try? await channel.close() }
}

/// The state a client's handler writes and its tests read.
final class ProbeBox: Sendable {
    let state = Mutex(ProbeClient.State())
    func note(_ body: (inout ProbeClient.State) -> Void) { state.withLock { body(&$0) } }
}

/// Timestamps what arrives.
final class ProbeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let box: ProbeBox
    init(box: ProbeBox) { self.box = box }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = Instant.now()
        let bytes = Array(unwrapInboundIn(data).readableBytesView)
        box.note {
            $0.bytes += bytes
            $0.reads.append((now, $0.bytes.count))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        box.note { if $0.error == nil { $0.error = error } }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let now = Instant.now()
        box.note { if $0.closedAt == nil { $0.closedAt = now } }
    }
}

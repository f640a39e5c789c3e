import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP connection for tests: sends bytes as told, collects what comes back, and says
/// when the other side closed.
final class RawTCPClient: Sendable {
    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received = Mutex<[UInt8]>([])
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            received.withLock { $0 += Array(buffer.readableBytesView) }
        }
        func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
    }

    let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    /// Connects to `address`.
    static func connect(to address: SocketAddress) async throws -> RawTCPClient {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(to: address).get()
        return RawTCPClient(channel: channel, collector: collector)
    }

    /// Writes `text`.
    func send(_ text: String) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(string: text)).get()
    }

    /// Everything received so far, as text.
    var received: String { String(decoding: collector.received.withLock { $0 }, as: UTF8.self) }

    /// Waits until the server closed the connection (or `safety` seconds passed, a guard
    /// against a hung test); whether it was the server that closed.
    func closedByPeer(safety: Int64 = 20) async throws -> Bool {
        let timer = channel.eventLoop.scheduleTask(in: .seconds(safety)) { }
        let closed = channel.closeFuture
        let raced = channel.eventLoop.makePromise(of: Bool.self)
        closed.whenComplete { _ in raced.succeed(true) }
        timer.futureResult.whenSuccess { raced.succeed(false) }
        let result = try await raced.futureResult.get()
        timer.cancel()
        if !result { try? await channel.close() }
        return result
    }

    /// Closes from this side.
    func close() async { try? await channel.close() }
}

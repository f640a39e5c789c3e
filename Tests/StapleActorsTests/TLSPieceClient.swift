import NIOCore
import NIOPosix
import Synchronization
import StapleCore
import StaplePKI
import StapleTLS

/// A real TLS client for hostile-input tests: completes a handshake, then writes the given
/// pieces one TLS record each (a write and a flush per piece), and collects what the server
/// sends until it closes.
enum TLSPieceClient {
    /// What the connection showed.
    struct Outcome {
        /// Whether the handshake completed.
        var handshook: Bool
        /// Everything the server sent after the handshake.
        var response: String
    }

    final class Writer: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let pieces: [String]
        let done: EventLoopPromise<Outcome>
        private var outcome = Outcome(handshook: false, response: "")

        init(pieces: [String], done: EventLoopPromise<Outcome>) {
            self.pieces = pieces
            self.done = done
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
                outcome.handshook = true
                for piece in pieces {
                    context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: piece)), promise: nil)
                }
            }
            context.fireUserInboundEventTriggered(event)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            outcome.response += buffer.readString(length: buffer.readableBytes) ?? ""
        }

        func channelInactive(context: ChannelHandlerContext) { done.succeed(outcome) }

        func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
    }

    /// Connects to `address` for `hostname`, writes `pieces` after the handshake, returns once
    /// the server closed (or after `safety` seconds, a guard against a hung test, closing itself).
    static func run(to address: SocketAddress, hostname: String, trust: TrustStore, pieces: [String],
                    safety: Int64 = 20) async throws -> Outcome {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let done = loop.makePromise(of: Outcome.self)
        let tls = try TLSContext(client: trust)
        let channel = try await ClientBootstrap(group: loop)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        TLSHandler(client: tls, hostname: hostname, policy: NoStatusCheck(), trace: Trace(), party: .client("test")))
                    try channel.pipeline.syncOperations.addHandler(Writer(pieces: pieces, done: done))
                }
            }
            .connect(to: address).get()
        let guardTimer = loop.scheduleTask(in: .seconds(safety)) { channel.close(promise: nil) }
        defer { guardTimer.cancel() }
        return try await done.futureResult.get()
    }
}

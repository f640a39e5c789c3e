import NIOCore
import NIOPosix
import StapleCore
import Synchronization

/// A UDP socket for the DNS tests that answers each datagram with whatever `reply` returns
/// (nothing: a silent server).
final class DNSTestServer: Sendable {
    let channel: Channel
    let address: SocketAddress
    private let received = Mutex(0)

    private init(channel: Channel) throws {
        self.channel = channel
        guard let address = channel.localAddress else { throw DNSTestFailure(description: "no local address") }
        self.address = address
    }

    /// Binds `host:0`.
    static func start(host: String, reply: @escaping @Sendable ([UInt8]) -> [UInt8]?) async throws -> DNSTestServer {
        let counter = DNSTestCounter()
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DNSTestHandler(counter: counter, reply: reply))
                }
            }
            .bind(host: host, port: 0).get()
        let server = try DNSTestServer(channel: channel)
        counter.server.withLock { $0 = server }
        return server
    }

    /// Datagrams received.
    var count: Int { received.withLock { $0 } }
    func bump() { received.withLock { $0 += 1 } }

    func stop() async { try? await channel.close() }
}

final class DNSTestCounter: Sendable {
    let server = Mutex<DNSTestServer?>(nil)
    func bump() { server.withLock { $0?.bump() } }
}

final class DNSTestHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let counter: DNSTestCounter
    private let reply: @Sendable ([UInt8]) -> [UInt8]?

    init(counter: DNSTestCounter, reply: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
        self.counter = counter
        self.reply = reply
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        counter.bump()
        guard let bytes = reply(Array(envelope.data.readableBytesView)) else { return }
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress,
                                                                 data: context.channel.allocator.buffer(bytes: bytes))),
                              promise: nil)
    }
}

struct DNSTestFailure: Error, CustomStringConvertible {
    let description: String
}

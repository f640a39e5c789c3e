import NIOCore
import NIOPosix
import StapleCore
import Synchronization

/// A UDP socket for the tests that records every datagram (time, sender, bytes) and, as a
/// server, echoes it back.
final class UDPEcho: Sendable {
    /// One datagram received.
    struct Datagram: Sendable {
        let time: Instant
        let from: SocketAddress
        let bytes: [UInt8]
    }

    /// The socket.
    let channel: Channel
    /// Its address.
    let address: SocketAddress
    private let box: UDPBox

    private init(channel: Channel, box: UDPBox) throws {
        self.channel = channel
        guard let address = channel.localAddress else { throw HarnessError(description: "UDP socket has no address") }
        self.address = address
        self.box = box
    }

    /// Binds `host:0`; echoes what arrives if `echo`.
    static func bind(host: String, echo: Bool) async throws -> UDPEcho {
        let box = UDPBox()
        let channel = try await DatagramBootstrap(group: TestLoop.group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UDPEchoHandler(box: box, echo: echo))
                }
            }
            .bind(host: host, port: 0).get()
        return try UDPEcho(channel: channel, box: box)
    }

    /// What arrived so far.
    var received: [Datagram] { box.datagrams.withLock { $0 } }

    /// Sends `bytes` to `address`; returns the instant just before.
    @discardableResult
    func send(_ bytes: [UInt8], to address: SocketAddress) async throws -> Instant {
        let start = Instant.now()
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: channel.allocator.buffer(bytes: bytes)))
        return start
    }

    /// Closes the socket.
    func close() async { try? await channel.close() }
}

final class UDPBox: Sendable {
    let datagrams = Mutex<[UDPEcho.Datagram]>([])
}

final class UDPEchoHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let box: UDPBox
    private let echo: Bool

    init(box: UDPBox, echo: Bool) {
        self.box = box
        self.echo = echo
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = Instant.now()
        let envelope = unwrapInboundIn(data)
        box.datagrams.withLock {
            $0.append(UDPEcho.Datagram(time: now, from: envelope.remoteAddress, bytes: Array(envelope.data.readableBytesView)))
        }
        if echo { context.writeAndFlush(wrapOutboundOut(envelope), promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {}
}

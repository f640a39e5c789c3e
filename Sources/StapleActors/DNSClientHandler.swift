import NIOCore
import StapleCore

/// Waits on a query socket for the datagram that answers one query (same ID, from the
/// server asked) and completes a promise with its bytes and arrival time.
final class DNSClientHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let id: UInt16
    private let server: SocketAddress
    private let promise: EventLoopPromise<(bytes: [UInt8], at: Instant)>

    /// A handler for the query `id` sent to `server`.
    init(id: UInt16, server: SocketAddress, promise: EventLoopPromise<(bytes: [UInt8], at: Instant)>) {
        self.id = id
        self.server = server
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = Instant.now()
        let envelope = unwrapInboundIn(data)
        let bytes = envelope.data.readableBytesView
        // Ignore strays: another sender, or another ID (RFC 5452 §9.1).
        guard envelope.remoteAddress == server, bytes.count >= 2,
              UInt16(bytes[bytes.startIndex]) << 8 | UInt16(bytes[bytes.startIndex + 1]) == id else { return }
        promise.succeed((Array(bytes), now))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP port unreachable and the like: keep waiting until the timeout, as a stub resolver does.
    }
}

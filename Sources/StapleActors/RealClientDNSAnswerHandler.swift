import NIOCore

/// The handler of one query's upstream socket: the first datagram is the answer; then it closes.
final class RealClientDNSAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let deliver: (ByteBuffer) -> Void
    private var answered = false

    /// A handler that hands the answer to `deliver`.
    init(deliver: @escaping (ByteBuffer) -> Void) { self.deliver = deliver }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        answered = true
        deliver(unwrapInboundIn(data).data)
        context.close(promise: nil)
    }
}

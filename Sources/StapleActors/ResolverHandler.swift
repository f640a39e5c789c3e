import NIOCore
import StapleCore

/// The resolver's UDP handler: answers each query after the processing delay.
final class ResolverHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let core: ResolverCore

    /// A handler answering from `core`.
    init(core: ResolverCore) { self.core = core }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = Instant.now()
        let envelope = unwrapInboundIn(data)
        guard let reply = core.answer(envelope.data.readableBytesView, from: envelope.remoteAddress, at: now) else { return }
        let response = AddressedEnvelope(remoteAddress: envelope.remoteAddress,
                                         data: context.channel.allocator.buffer(bytes: reply))
        let delay = core.configuration.processingDelay.nanoseconds
        guard delay > 0 else {
            context.writeAndFlush(wrapOutboundOut(response), promise: nil)
            return
        }
        let channel = context.channel
        let remaining = delay - Int64(Instant.now().nanoseconds - now.nanoseconds)
        context.eventLoop.scheduleTask(in: .nanoseconds(max(0, remaining))) {
            channel.writeAndFlush(response, promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP errors for clients that went away: nothing to answer.
    }
}

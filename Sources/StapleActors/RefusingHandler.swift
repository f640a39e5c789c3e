import NIOCore

/// Closes a connection as soon as it is accepted: what a listener at its connection cap does,
/// so it neither holds the connection nor runs out of file descriptors.
final class RefusingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { context.close(promise: nil) }
    }

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

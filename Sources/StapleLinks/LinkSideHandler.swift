import NIOCore

/// The handler on each of a link connection's two sockets: hands every event to the connection.
final class LinkSideHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let connection: LinkConnection
    private let side: LinkConnection.Side

    /// A handler for `side` of `connection`.
    init(connection: LinkConnection, side: LinkConnection.Side) {
        self.connection = connection
        self.side = side
    }

    func channelActive(context: ChannelHandlerContext) {
        connection.active(side, channel: context.channel)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.receive(from: side, unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        connection.readComplete(side)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            connection.inputClosed(side)
        } else if event is LinkDrainEvent {
            connection.drain()
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        connection.writabilityChanged(side, writable: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.inactive(side)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A reset or I/O error ends this side; `channelInactive` follows and closes the other side.
        context.close(promise: nil)
    }
}

import NIOCore

/// The handler on each of a spliced connection's two sockets: hands every event to the connection.
public final class SpliceHandler<Connection: SplicedConnection>: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer

    private let connection: Connection
    private let side: SpliceSide

    /// A handler for `side` of `connection`.
    public init(connection: Connection, side: SpliceSide) {
        self.connection = connection
        self.side = side
    }

    public func channelActive(context: ChannelHandlerContext) {
        connection.active(side, channel: context.channel)
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.receive(from: side, unwrapInboundIn(data))
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        connection.readComplete(side)
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            connection.inputClosed(side)
        } else if event is LinkDrainEvent {
            connection.drain()
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        connection.writabilityChanged(side, writable: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        connection.inactive(side)
        context.fireChannelInactive()
    }

    public func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A reset or I/O error ends this side; `channelInactive` follows and closes the other side.
        context.close(promise: nil)
    }
}

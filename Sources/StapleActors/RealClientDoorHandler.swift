import NIOCore

/// The handler on each socket of a ``RealClientDoorConnection``: hands every event to it.
final class RealClientDoorHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let connection: RealClientDoorConnection
    private let side: RealClientDoorConnection.Side

    /// A handler for `side` of `connection`.
    init(connection: RealClientDoorConnection, side: RealClientDoorConnection.Side) {
        self.connection = connection
        self.side = side
    }

    func channelActive(context: ChannelHandlerContext) {
        switch side {
        case .downstream: connection.downstreamActive()
        case .upstream: connection.upstreamActive(context.channel)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.receive(from: side, unwrapInboundIn(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            connection.inputClosed(side)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.inactive(side)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

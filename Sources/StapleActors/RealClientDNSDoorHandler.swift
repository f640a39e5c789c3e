import NIOCore

/// The DNS door's listening handler: every datagram from the program is a query to send on.
final class RealClientDNSDoorHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let door: RealClientDNSDoor

    /// A handler for `door`.
    init(door: RealClientDNSDoor) { self.door = door }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        door.forward(envelope.data, from: envelope.remoteAddress, through: context.channel)
    }
}

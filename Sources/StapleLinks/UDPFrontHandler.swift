import NIOCore

/// The handler on a UDP link's front socket: hands party datagrams to the core.
final class UDPFrontHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let core: UDPLinkCore

    /// A handler feeding `core`.
    init(core: UDPLinkCore) { self.core = core }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        core.fromParty(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        core.closeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP errors (a party's port closed) surface here; a datagram link ignores them.
    }
}

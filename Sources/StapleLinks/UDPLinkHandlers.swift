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

/// The handler on one upstream socket of a UDP link: hands the actor's replies to the core.
final class UDPUpstreamHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let core: UDPLinkCore
    private let session: UDPLinkCore.Session

    /// A handler for the upstream socket of `session`.
    init(core: UDPLinkCore, session: UDPLinkCore.Session) {
        self.core = core
        self.session = session
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        core.fromActor(unwrapInboundIn(data), session: session)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP port unreachable from a stopped actor: the party's query simply goes unanswered.
    }
}

import NIOCore

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

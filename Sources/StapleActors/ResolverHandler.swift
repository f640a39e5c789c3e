import NIOCore
import StapleCore
import StapleLinks

/// Answers DNS queries (RFC 1035, A records) from the resolver's table; NXDOMAIN otherwise;
/// FORMERR for what does not parse. Logs who asked for which name.
final class ResolverHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let config: ResolverConfig
    private let trace: Trace
    private let party: Party
    private var listenAddress: String

    init(config: ResolverConfig, trace: Trace, listenAddress: String) {
        self.config = config
        self.trace = trace
        self.party = .resolver(config.name)
        self.listenAddress = listenAddress
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let received = Instant.now()
        let source = envelope.remoteAddress
        let bytes = Array(envelope.data.readableBytesView)
        if listenAddress.hasSuffix(":0"), let local = context.channel.localAddress { listenAddress = local.ipAndPort }
        let reply: [UInt8]
        do {
            let query = try DNSMessage(parsing: bytes)
            guard !query.isResponse, let question = query.questions.first else {
                reply = (try? query.response(code: .formatError).encoded()) ?? []
                send(reply, to: source, context: context)
                return
            }
            let name = question.name.lowercased()
            trace.record(party, .dnsQueryReceived, detail: "\(name) from \(source.ipAndPort)", at: received)
            trace.observe(Observation(observer: party, observerAddress: listenAddress, hostname: name,
                                      clientAddress: source.ipAddress ?? "?", via: .dnsQuery, time: received))
            if let address = config.records[name], question.type == .a,
               let record = try? DNSRecord.a(name: question.name, address: address, ttl: config.ttl) {
                reply = try query.response(answers: [record]).encoded()
            } else if config.records[name] != nil {
                reply = try query.response().encoded() // the name exists, but has no record of that type
            } else {
                reply = try query.response(code: .nameError).encoded()
            }
        } catch {
            // Not a DNS message we can answer: a FORMERR with the query's id when there is one.
            guard bytes.count >= 2 else { return }
            let id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            reply = (try? DNSMessage(id: id, isResponse: true, responseCode: .formatError).encoded()) ?? []
        }
        if config.delay.seconds > 0 {
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(config.delay.nanoseconds)) {
                self.send(reply, to: source, context: context)
            }
        } else {
            send(reply, to: source, context: context)
        }
    }

    private func send(_ reply: [UInt8], to address: SocketAddress, context: ChannelHandlerContext) {
        guard !reply.isEmpty else { return }
        let buffer = context.channel.allocator.buffer(bytes: reply)
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: address, data: buffer)), promise: nil)
    }
}

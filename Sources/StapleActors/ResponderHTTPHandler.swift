import NIOCore
import NIOHTTP1
import StapleCore

/// One responder connection: HTTP/1.1 requests in, OCSP responses out (keep-alive allowed).
final class ResponderHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Requests larger than this are refused (an OCSP request is a few hundred bytes).
    static let maxBody = 64 * 1024

    private let core: ResponderCore
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var received = Instant.now()
    private var tooLarge = false
    private var uriTooLong = false

    init(core: ResponderCore) { self.core = core }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.removeAll(keepingCapacity: true)
            tooLarge = false
            uriTooLong = requestHead.uri.utf8.count > core.config.maxURILength
            received = .now()
            core.trace.record(core.party, .ocspRequestReceived,
                              detail: "\(requestHead.method.rawValue) \(requestHead.uri.prefix(40)) from \(context.channel.remoteAddress?.ipAndPort ?? "?")",
                              at: received)
        case .body(var buffer):
            if body.count + buffer.readableBytes > ResponderHTTPHandler.maxBody {
                tooLarge = true
            } else {
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        case .end:
            guard let head else { return }
            self.head = nil
            context.triggerUserOutboundEvent(ResponderRequestEvent.requestRead, promise: nil)
            let requester = context.channel.remoteAddress?.ipAndPort ?? "?"
            if uriTooLong {
                core.logRefused(method: head.method.rawValue, requester: requester, answer: "414 URI Too Long",
                                received: received)
                send(.init(status: .uriTooLong, body: [], headers: [], delay: .zero, answer: "URI too long"),
                     keepAlive: false, context: context)
                return
            }
            if tooLarge {
                send(.init(status: .payloadTooLarge, body: [], headers: [], delay: .zero, answer: "too large"),
                     keepAlive: false, context: context)
                return
            }
            guard let reply = core.handle(method: head.method, uri: head.uri, body: body, requester: requester,
                                          received: received) else {
                return // hang: read, never answer
            }
            let keepAlive = head.isKeepAlive
            if reply.delay.seconds > 0 {
                context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(reply.delay.nanoseconds)) {
                    self.send(reply, keepAlive: keepAlive, context: context)
                }
            } else {
                send(reply, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func send(_ reply: ResponderCore.Reply, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders(reply.headers)
        headers.add(name: "Content-Length", value: String(reply.body.count))
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: reply.status, headers: headers))),
                      promise: nil)
        if !reply.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: reply.body)))),
                          promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if keepAlive {
            context.triggerUserOutboundEvent(ResponderRequestEvent.responseSent, promise: nil)
        } else {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

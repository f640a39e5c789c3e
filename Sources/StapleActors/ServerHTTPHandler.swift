import NIOCore

/// The site itself: answers the client's request with a tiny HTTP response, then closes.
final class ServerHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let body: String
    private var received = 0
    private var answered = false

    init(body: String) { self.body = body }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard !answered else { return }
        received += buffer.readableBytes
        // The request is tiny; answer as soon as its header ends (or a few bytes arrived).
        let text = String(buffer: buffer)
        guard text.contains("\r\n\r\n") || received > 8192 else { return }
        answered = true
        var out = context.channel.allocator.buffer(capacity: 128 + body.utf8.count)
        out.writeString("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n")
        out.writeString(body)
        context.writeAndFlush(wrapOutboundOut(out)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

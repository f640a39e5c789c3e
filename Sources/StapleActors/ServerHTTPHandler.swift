import NIOCore
import StapleCore
import StapleTLS

/// The site itself, behind the TLS handler: reads the client's request head (which may arrive
/// in several TLS records), answers a tiny HTTP response — the HTML page of ``SitePage`` when the
/// head asks for HTML (a browser), else its plain-text line — then closes.
///
/// It also bounds the connection: the handshake must complete within `handshakeTimeout`, the
/// request head must then arrive within `readTimeout` with no gap longer than `idleTimeout`,
/// and a head longer than `maxHeadBytes` gets `431` — each ends the connection.
final class ServerHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The bounds of one connection.
    struct Limits {
        var handshakeTimeout: Delay
        var readTimeout: Delay
        var idleTimeout: Delay
        var maxHeadBytes: Int
    }

    private let body: String
    private let page: String
    private let limits: Limits
    private var head: [UInt8] = [] // at most limits.maxHeadBytes
    private var received = 0
    private var matched = 0 // how much of "\r\n\r\n" the last bytes matched
    private var answered = false
    private var deadline: Scheduled<Void>?
    private var idle: Scheduled<Void>?

    /// - Parameters:
    ///   - body: the plain-text answer.
    ///   - page: the HTML answer, for a head whose `Accept` names `text/html`.
    init(body: String, page: String, limits: Limits) {
        self.body = body
        self.page = page
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        deadline = schedule(limits.handshakeTimeout, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) { cancelTimers() }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event, !answered {
            deadline?.cancel()
            deadline = schedule(limits.readTimeout, context: context)
            idle = schedule(limits.idleTimeout, context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard !answered else { return }
        idle?.cancel()
        idle = schedule(limits.idleTimeout, context: context)
        for byte in buffer.readableBytesView {
            received += 1
            if head.count < limits.maxHeadBytes { head.append(byte) }
            switch (byte, matched) {
            case (UInt8(ascii: "\r"), 0), (UInt8(ascii: "\r"), 2): matched += 1
            case (UInt8(ascii: "\n"), 1), (UInt8(ascii: "\n"), 3): matched += 1
            case (UInt8(ascii: "\r"), _): matched = 1
            default: matched = 0
            }
            if matched == 4 {
                let html = SitePage.wantsHTML(head: head)
                answer("200 OK", body: html ? page : body, type: html ? "text/html; charset=utf-8" : "text/plain",
                       context: context)
                return
            }
            if received > limits.maxHeadBytes {
                answer("431 Request Header Fields Too Large", body: "", type: "text/plain", context: context)
                return
            }
        }
    }

    private func answer(_ status: String, body: String, type: String, context: ChannelHandlerContext) {
        answered = true
        head = []
        cancelTimers()
        var out = context.channel.allocator.buffer(capacity: 128 + body.utf8.count)
        out.writeString("HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n")
        out.writeString(body)
        context.writeAndFlush(wrapOutboundOut(out)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    private func schedule(_ delay: Delay, context: ChannelHandlerContext) -> Scheduled<Void> {
        let channel = context.channel
        return context.eventLoop.scheduleTask(in: delay.timeAmount) { channel.close(promise: nil) }
    }

    private func cancelTimers() {
        deadline?.cancel()
        idle?.cancel()
        deadline = nil
        idle = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

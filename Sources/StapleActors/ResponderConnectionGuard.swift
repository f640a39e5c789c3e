import NIOCore
import StapleCore

/// The first handler of a responder connection, in front of the HTTP decoder: it bounds what
/// a request may make the decoder buffer, and how long a connection may stay without progress.
///
/// - A request line longer than `maxURILength` gets `414 URI Too Long`, a head longer than
///   `maxURILength + maxHeaderBytes` gets `431`, and the connection is closed, before the
///   decoder has buffered more (the counts are exact up to the bytes of one read that follow a
///   finished request).
/// - Once a request's first byte is in, the whole request must arrive within `readTimeout`;
///   between requests a kept-alive connection may be idle for `idleTimeout`. Either expiry closes it.
/// - While a request is answered (a processing delay, or a `hang` outage) no timer runs.
final class ResponderConnectionGuard: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase { case waiting, reading, answering, refused }

    private let core: ResponderCore
    private var phase = Phase.waiting
    private var timer: Scheduled<Void>?
    private var headBytes = 0
    private var lineEnded = false
    private var headEnded = false
    private var matched = 0 // how much of "\r\n\r\n" the last bytes matched
    private var start: [UInt8] = [] // the first bytes of the request, for the log

    init(core: ResponderCore) { self.core = core }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(core.config.idleTimeout, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(core.config.idleTimeout, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard phase != .refused else { return }
        let buffer = unwrapInboundIn(data)
        if phase == .waiting {
            phase = .reading
            arm(core.config.readTimeout, context: context)
        }
        if !headEnded, let refusal = scan(buffer.readableBytesView) {
            refuse(refusal, context: context)
            return
        }
        context.fireChannelRead(data)
    }

    /// Counts the head's bytes; the status to refuse with when a bound is passed.
    private func scan(_ bytes: ByteBufferView) -> (code: Int, reason: String)? {
        let maxLine = core.config.maxURILength + 32 // method, spaces, version
        let maxHead = maxLine + core.config.maxHeaderBytes
        for byte in bytes {
            if start.count < 16 { start.append(byte) }
            headBytes += 1
            switch (byte, matched) {
            case (UInt8(ascii: "\r"), 0), (UInt8(ascii: "\r"), 2): matched += 1
            case (UInt8(ascii: "\n"), 1), (UInt8(ascii: "\n"), 3): matched += 1
            case (UInt8(ascii: "\r"), _): matched = 1
            default: matched = 0
            }
            if byte == UInt8(ascii: "\n") { lineEnded = true }
            if matched == 4 {
                headEnded = true
                return nil
            }
            if !lineEnded, headBytes > maxLine { return (414, "URI Too Long") }
            if headBytes > maxHead { return (431, "Request Header Fields Too Large") }
        }
        return nil
    }

    private func refuse(_ refusal: (code: Int, reason: String), context: ChannelHandlerContext) {
        phase = .refused
        timer?.cancel()
        timer = nil
        let method = String(decoding: start.prefix(while: { $0 != UInt8(ascii: " ") }), as: UTF8.self)
        core.logRefused(method: method.isEmpty ? "?" : method,
                        requester: context.channel.remoteAddress?.ipAndPort ?? "?",
                        answer: "\(refusal.code) \(refusal.reason)", received: .now())
        let text = "HTTP/1.1 \(refusal.code) \(refusal.reason)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)))
            .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let event = event as? ResponderRequestEvent else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        promise?.succeed()
        guard phase != .refused else { return }
        switch event {
        case .requestRead:
            phase = .answering
            timer?.cancel()
            timer = nil
            headBytes = 0
            lineEnded = false
            headEnded = false
            matched = 0
            start.removeAll(keepingCapacity: true)
        case .responseSent:
            phase = .waiting
            arm(core.config.idleTimeout, context: context)
        }
    }

    private func arm(_ delay: Delay, context: ChannelHandlerContext) {
        timer?.cancel()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: delay.timeAmount) { channel.close(promise: nil) }
    }
}

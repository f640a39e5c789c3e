import NIOCore
import StapleCore
import StapleTLS

/// The browser's side of the page load: once the handshake completes, sends
/// `GET / HTTP/1.1` for the site and collects the answer until the server closes.
final class ClientHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let host: String
    private let done: EventLoopPromise<Int>
    private var received = 0

    init(host: String, done: EventLoopPromise<Int>) {
        self.host = host
        self.done = done
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            var request = context.channel.allocator.buffer(capacity: 96)
            request.writeString("GET / HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: StapleBench\r\nConnection: close\r\n\r\n")
            context.writeAndFlush(wrapOutboundOut(request), promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += unwrapInboundIn(data).readableBytes
    }

    func channelInactive(context: ChannelHandlerContext) {
        if received > 0 {
            done.succeed(received)
        } else {
            done.fail(ClientError.noResponse)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.fail(error)
        context.close(promise: nil)
    }
}

/// Why a client's attempt failed outside TLS and OCSP.
public enum ClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The site's name did not resolve.
    case dns(String)
    /// The TCP connection failed.
    case connect(String)
    /// The whole attempt took longer than allowed.
    case timeout(seconds: Double)
    /// The connection closed without an HTTP response.
    case noResponse
    /// The run was interrupted while the attempt was in flight.
    case interrupted

    /// A short code for CSVs.
    public var code: String {
        switch self {
        case .dns: return "dns"
        case .connect: return "connect"
        case .timeout: return "timeout"
        case .noResponse: return "no-response"
        case .interrupted: return "interrupted"
        }
    }

    /// A sentence for people.
    public var description: String {
        switch self {
        case .dns(let why): return "the site's name did not resolve: \(why)"
        case .connect(let why): return "could not connect to the site: \(why)"
        case .timeout(let seconds): return "the attempt took longer than \(Delay(seconds: seconds))"
        case .noResponse: return "the connection closed without an HTTP response"
        case .interrupted: return "the run was interrupted during this attempt"
        }
    }
}

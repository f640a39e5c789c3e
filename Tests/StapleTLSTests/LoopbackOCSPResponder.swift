import NIOCore
import NIOPosix
import NIOHTTP1
import StaplePKI
import Foundation
import Synchronization

/// Counts requests across event loops.
final class RequestCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// A small real HTTP OCSP responder on loopback, and a POST client for it (test support).
enum LoopbackOCSP {
    final class ResponderHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let responder: OCSPResponder
        let requests: RequestCounter
        private var body: [UInt8] = []
        init(responder: OCSPResponder, requests: RequestCounter) {
            self.responder = responder
            self.requests = requests
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: body = []
            case .body(var buffer): body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                requests.increment()
                let der = responder.respond(to: body, timing: .init(now: Date().timeIntervalSince1970)).der
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/ocsp-response")
                headers.add(name: "Content-Length", value: String(der.count))
                // One answer per connection (gnutls-cli reads until the server closes).
                headers.add(name: "Connection", value: "close")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: der)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
            }
        }
    }

    static func start(_ responder: OCSPResponder, requests: RequestCounter, port: Int = 0) async throws -> Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ResponderHandler(responder: responder, requests: requests))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
    }

    final class CollectingClient: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        let done: EventLoopPromise<[UInt8]>
        private var body: [UInt8] = []
        init(done: EventLoopPromise<[UInt8]>) { self.done = done }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: break
            case .body(var buffer): body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                done.succeed(body)
                context.close(promise: nil)
            }
        }
        func errorCaught(context: ChannelHandlerContext, error: Error) { done.fail(error) }
    }

    /// POSTs `request` to `address` and returns the response body.
    static func post(_ request: [UInt8], to address: SocketAddress, on loop: any EventLoop) -> EventLoopFuture<[UInt8]> {
        let done = loop.makePromise(of: [UInt8].self)
        ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(CollectingClient(done: done))
                }
            }
            .connect(to: address)
            .whenComplete { result in
                switch result {
                case .failure(let error): done.fail(error)
                case .success(let channel):
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: "ocsp.ca.test")
                    headers.add(name: "Content-Type", value: "application/ocsp-request")
                    headers.add(name: "Content-Length", value: String(request.count))
                    let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/", headers: headers)
                    channel.write(HTTPClientRequestPart.head(head), promise: nil)
                    channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: request))), promise: nil)
                    channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                }
            }
        return done.futureResult
    }
}

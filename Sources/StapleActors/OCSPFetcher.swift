import NIOCore
import NIOPosix
import NIOHTTP1
import StapleCore
import StaplePKI

/// Fetches OCSP responses over plain HTTP, as a browser or a stapling server does:
/// resolve the responder's name, connect from the party's own address, POST the DER request
/// (or GET it base64-encoded in the path), read the answer — all within one timeout.
///
/// Each fetch is one fresh TCP connection. Events: `ocsp.fetch-start`, the resolver's DNS
/// events, `tcp.connected`, `ocsp.fetch-end` (outcome).
public struct OCSPFetcher: Sendable {
    /// How the request travels (RFC 6960 Appendix A).
    public typealias Method = RevocationProfile.Method

    /// A response and what it cost.
    public struct Response: Sendable {
        /// The response body (DER, if the responder behaved).
        public var body: [UInt8]
        /// `Cache-Control: max-age`, seconds, if given.
        public var maxAge: Double?
        /// The responder's address as connected to.
        public var responderAddress: String
    }

    /// Resolves responder names.
    public let resolver: any HostResolver
    /// The address fetches are made from (the party's own), or nil for any.
    public let sourceIP: String?
    /// The party fetching (for events).
    public let party: Party
    /// Where events go.
    public let trace: Trace

    /// Makes a fetcher.
    public init(resolver: any HostResolver, sourceIP: String?, party: Party, trace: Trace) {
        self.resolver = resolver
        self.sourceIP = sourceIP
        self.party = party
        self.trace = trace
    }

    /// Fetches a response for `request` from `url` within `timeout`.
    public func fetch(_ request: OCSPRequest, url: String, method: Method, timeout: Delay,
                      connection: ConnectionID, on eventLoop: any EventLoop) -> EventLoopFuture<Response> {
        guard let parsed = HTTPURL(url) else {
            return eventLoop.makeFailedFuture(OCSPFetchError.noUsableURL(url))
        }
        let der: [UInt8]
        let uri: String
        do {
            der = try request.der()
            uri = method == .get ? String(try request.getURL(base: "http://x" + parsed.path).dropFirst("http://x".count)) : parsed.path
        } catch {
            return eventLoop.makeFailedFuture(OCSPFetchError.other("cannot encode the OCSP request: \(error)"))
        }
        let exchange = Exchange(url: parsed, method: method == .get ? .GET : .POST, uri: uri,
                                body: method == .post ? der : nil, contentType: "application/ocsp-request",
                                accept: "application/ocsp-response", maxBody: OCSPFetcher.maxOCSPBody,
                                start: .ocspFetchStart, end: .ocspFetchEnd, requestBytes: der.count)
        return run(exchange, timeout: timeout, connection: connection, on: eventLoop)
    }

    /// The largest OCSP response read (a real one is well under 4 KB).
    public static let maxOCSPBody = 1 << 20

    /// One HTTP request and what to record about it.
    struct Exchange {
        var url: HTTPURL
        var method: HTTPMethod
        var uri: String
        var body: [UInt8]?
        var contentType: String
        var accept: String
        var maxBody: Int
        var start: EventKind
        var end: EventKind
        var requestBytes: Int
    }

    /// Runs one exchange on a fresh connection within `timeout`: DNS, connect, request, response.
    func run(_ exchange: Exchange, timeout: Delay, connection: ConnectionID,
             on eventLoop: any EventLoop) -> EventLoopFuture<Response> {
        let promise = eventLoop.makePromise(of: Response.self)
        let parsed = exchange.url
        trace.record(party, exchange.start, connection: connection, bytes: exchange.requestBytes,
                     detail: "\(exchange.method.rawValue) \(parsed)")
        let state = FetchState(promise: promise)
        let trace = self.trace, party = self.party
        promise.futureResult.whenComplete { result in
            switch result {
            case .success(let response):
                trace.record(party, exchange.end, connection: connection, bytes: response.body.count,
                             detail: "ok from \(response.responderAddress)",
                             payload: .fetch(.answered(from: response.responderAddress)))
            case .failure(let error):
                let reason = (error as? OCSPFetchError)?.description ?? "\(error)"
                var timedOut = false
                if case .timeout? = error as? OCSPFetchError { timedOut = true }
                trace.record(party, exchange.end, connection: connection, detail: "failed: \(reason)",
                             payload: .fetch(.failed(reason: reason, timedOut: timedOut)))
            }
        }
        // One deadline for the whole fetch: DNS, connect and exchange.
        let timer = eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            state.fail(OCSPFetchError.timeout(seconds: timeout.seconds))
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }

        let address: EventLoopFuture<String> = parsed.hostIsAddress
            ? eventLoop.makeSucceededFuture(parsed.host)
            : resolver.resolve(parsed.host, party: party, connection: connection, on: eventLoop)
                .flatMapErrorThrowing { throw OCSPFetchError.dns("\($0)") }
        let sourceIP = self.sourceIP
        address.whenComplete { result in
            switch result {
            case .failure(let error):
                state.fail(error)
            case .success(let ip):
                guard !state.isDone else { return }
                let target: SocketAddress
                do {
                    target = try SocketAddress(ipAddress: ip, port: parsed.port)
                } catch {
                    state.fail(OCSPFetchError.dns("\(parsed.host) resolved to '\(ip)', not an IPv4 address"))
                    return
                }
                var bootstrap = ClientBootstrap(group: eventLoop)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .connectTimeout(.nanoseconds(timeout.nanoseconds))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHTTPClientHandlers()
                            try channel.pipeline.syncOperations.addHandler(
                                OCSPFetchHandler(state: state, responder: target.ipAndPort, maxBody: exchange.maxBody))
                        }
                    }
                if let sourceIP, let source = try? SocketAddress(ipAddress: sourceIP, port: 0) {
                    bootstrap = bootstrap.bind(to: source)
                }
                bootstrap.connect(to: target).whenComplete { connected in
                    switch connected {
                    case .failure(let error):
                        state.fail(OCSPFetchError.connect("\(error)"))
                    case .success(let channel):
                        trace.record(party, .tcpConnected, connection: connection,
                                     detail: "local=\(channel.localAddress?.ipAndPort ?? "?") remote=\(target.ipAndPort)")
                        if state.isDone { channel.close(promise: nil); return }
                        state.attach(channel)
                        var headers = HTTPHeaders()
                        headers.add(name: "Host", value: parsed.hostHeader)
                        headers.add(name: "User-Agent", value: "StapleBench")
                        headers.add(name: "Accept", value: exchange.accept)
                        if let body = exchange.body {
                            headers.add(name: "Content-Type", value: exchange.contentType)
                            headers.add(name: "Content-Length", value: String(body.count))
                        }
                        headers.add(name: "Connection", value: "close")
                        let head = HTTPRequestHead(version: .http1_1, method: exchange.method, uri: exchange.uri,
                                                   headers: headers)
                        channel.write(HTTPClientRequestPart.head(head), promise: nil)
                        if let body = exchange.body {
                            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
                        }
                        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                    }
                }
            }
        }
        return promise.futureResult
    }
}

/// One fetch's completion, shared by the timer, the connect callback and the channel handler.
final class FetchState: @unchecked Sendable {
    // @unchecked Sendable: every method runs on the fetch's single event loop.
    private let promise: EventLoopPromise<OCSPFetcher.Response>
    private var channel: (any Channel)?
    private(set) var isDone = false

    init(promise: EventLoopPromise<OCSPFetcher.Response>) { self.promise = promise }

    func attach(_ channel: any Channel) { self.channel = channel }

    func succeed(_ response: OCSPFetcher.Response) {
        guard !isDone else { return }
        isDone = true
        promise.succeed(response)
        channel?.close(promise: nil)
    }

    func fail(_ error: any Error) {
        guard !isDone else { return }
        isDone = true
        promise.fail(error)
        channel?.close(promise: nil)
    }
}

/// Reads one HTTP response.
final class OCSPFetchHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    private let state: FetchState
    private let responder: String
    private let maxBody: Int
    private var status = 0
    private var maxAge: Double?
    private var body: [UInt8] = []

    init(state: FetchState, responder: String, maxBody: Int) {
        self.state = state
        self.responder = responder
        self.maxBody = maxBody
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            maxAge = OCSPFetchHandler.maxAge(head.headers["Cache-Control"].joined(separator: ","))
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= maxBody else {
                state.fail(OCSPFetchError.tooLarge(limit: maxBody))
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            if status == 200 {
                state.succeed(.init(body: body, maxAge: maxAge, responderAddress: responder))
            } else {
                state.fail(OCSPFetchError.httpStatus(status))
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.fail(OCSPFetchError.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        state.fail(OCSPFetchError.connect("\(error)"))
        context.close(promise: nil)
    }

    /// `max-age=N` from a Cache-Control value.
    static func maxAge(_ value: String) -> Double? {
        for part in value.split(separator: ",") {
            let item = part.drop(while: { $0 == " " })
            if item.lowercased().hasPrefix("max-age="), let seconds = Double(item.dropFirst("max-age=".count)) {
                return seconds
            }
        }
        return nil
    }
}

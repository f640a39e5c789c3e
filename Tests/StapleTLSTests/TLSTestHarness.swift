import Foundation
import NIOCore
import NIOPosix
import NIOHTTP1
import Synchronization
import StapleCore
import StaplePKI
@testable import StapleTLS

/// Real loopback TLS servers and clients for tests.
enum TLSTestHarness {
    static let group = MultiThreadedEventLoopGroup.singleton

    /// Answers any request with a tiny HTTP response, then closes.
    final class TinyHTTPServer: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        private var answered = false
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !answered else { return }
            answered = true
            var out = context.channel.allocator.buffer(capacity: 64)
            out.writeString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            context.writeAndFlush(wrapOutboundOut(out)).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
    }

    /// Sends a request once the handshake completes and collects the answer.
    final class TinyHTTPClient: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let host: String
        let done: EventLoopPromise<String>
        private var received = ""
        init(host: String, done: EventLoopPromise<String>) {
            self.host = host
            self.done = done
        }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case TLSUserEvent.handshakeCompleted = event as? TLSUserEvent ?? .closeNotifyReceived {
                var out = context.channel.allocator.buffer(capacity: 64)
                out.writeString("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n")
                context.writeAndFlush(wrapOutboundOut(out), promise: nil)
            }
            context.fireUserInboundEventTriggered(event)
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readString(length: buffer.readableBytes) ?? ""
        }
        func channelInactive(context: ChannelHandlerContext) { done.succeed(received) }
        func errorCaught(context: ChannelHandlerContext, error: Error) { done.fail(error) }
    }

    static func startServer(_ tls: TLSContext, provider: any StapleProvider, trace: Trace = Trace(),
                            host: String = "127.0.0.1") async throws -> Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        TLSHandler(server: tls, provider: provider, trace: trace, party: .server("test")))
                    try channel.pipeline.syncOperations.addHandler(TinyHTTPServer())
                }
            }
            .bind(host: host, port: 0).get()
    }

    /// What a client's handshake and request showed: read from the connection's typed events
    /// (their one carrier), plus what the test's policy was shown and the HTTP answer.
    struct ClientResult {
        /// The facts of the client's events (version, verdict, staple received).
        var facts: ConnectionFacts
        /// The staple the client's policy was shown (its bytes; the events tell only its size).
        var staple: [UInt8]?
        /// The leaf certificate's common name, as the client's policy was shown it.
        var leafName: String?
        /// The HTTP answer.
        var response: String

        /// The negotiated version, from the `tls.handshake-complete` event.
        var version: TLSVersion? { TLSVersion.allCases.first { $0.description == facts.tlsVersion } }
        /// The client's decision, from the `tls.verify-end` event.
        var statusDecision: StatusDecision? {
            facts.accepted.map { $0 ? .accept(facts.verdict) : .reject(facts.verdict) }
        }
    }

    /// Passes everything to `inner` and keeps what the policy was shown.
    final class ShownPolicy: CertificateStatusPolicy {
        let inner: any CertificateStatusPolicy
        private let shown = Mutex<(staple: [UInt8]?, leaf: String?)>((nil, nil))
        init(_ inner: any CertificateStatusPolicy) { self.inner = inner }
        var staple: [UInt8]? { shown.withLock { $0.staple } }
        var leafName: String? { shown.withLock { $0.leaf } }
        var requestsStaple: Bool { inner.requestsStaple }
        func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation {
            shown.withLock { $0 = (peer.staple, peer.leaf.commonName) }
            return inner.evaluate(peer, connection: connection)
        }
        func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
            inner.fetch(peer, connection: connection)
        }
    }

    /// Connects, handshakes, sends a request, returns what the server answered; throws the TLS error.
    static func connect(to address: SocketAddress, hostname: String, tls: TLSContext,
                        policy: any CertificateStatusPolicy, trace: Trace = Trace(),
                        connection: ConnectionID = .next()) async throws -> ClientResult {
        let loop = group.next()
        let handshake = loop.makePromise(of: Void.self)
        let shown = ShownPolicy(policy)
        let done = loop.makePromise(of: String.self)
        _ = try await ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        TLSHandler(client: tls, hostname: hostname, policy: shown, trace: trace,
                                   party: .client("Alice"), connection: connection, handshakePromise: handshake))
                    try channel.pipeline.syncOperations.addHandler(TinyHTTPClient(host: hostname, done: done))
                }
            }
            .connect(to: address).get()
        try await handshake.futureResult.get()
        let response = try await done.futureResult.get()
        return ClientResult(facts: ConnectionFacts(trace.events(of: connection)), staple: shown.staple,
                            leafName: shown.leafName, response: response)
    }
}

/// The policy the TLS tests use: check the staple with OCSPVerifier, enforce must-staple,
/// and when `fetcher` is set, fetch (classic OCSP) when there is no staple.
struct StapleCheckingPolicy: CertificateStatusPolicy {
    var requestsStaple: Bool = true
    var verifier: OCSPVerifier
    var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    var fetcher: (@Sendable (PeerCertificates, any EventLoop) -> EventLoopFuture<[UInt8]>)? = nil
    var alwaysFetch = false

    func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation {
        if alwaysFetch { return .fetch }
        guard let staple = peer.staple else {
            if peer.leaf.mustStaple { return .decided(.reject("no staple for a must-staple certificate")) }
            return fetcher == nil ? .decided(.accept("no staple")) : .fetch
        }
        return .decided(decide(staple, peer))
    }

    func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
        guard let fetcher else { return connection.eventLoop.makeSucceededFuture(.reject("no fetcher")) }
        return fetcher(peer, connection.eventLoop).map { decide($0, peer) }
    }

    func decide(_ response: [UInt8], _ peer: PeerCertificates) -> StatusDecision {
        guard let issuer = peer.issuer else { return .reject("no issuer") }
        let verdict = verifier.verify(response, certificate: peer.leaf, issuer: issuer, now: now())
        switch verdict {
        case .good: return .accept("good")
        default: return .reject(verdict.description)
        }
    }
}

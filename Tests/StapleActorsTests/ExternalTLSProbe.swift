import NIOCore
import NIOPosix
import Synchronization
import StapleCore
import StaplePKI
import StapleTLS

/// Our real TLS client, pointed at nginx or Apache: asks for a staple, accepts whatever
/// comes (the test judges the staple itself), sends one HTTP request and reads the answer.
enum ExternalTLSProbe {
    /// What one handshake and request showed.
    struct Result {
        /// The staple the server sent (nil: none).
        var staple: [UInt8]?
        /// Connect to the end of the HTTP answer, milliseconds.
        var milliseconds: Double
        /// Connect to the end of the handshake, milliseconds.
        var handshakeMilliseconds: Double
        /// The negotiated version.
        var version: TLSVersion?
        /// The HTTP answer.
        var response: String
    }

    /// A policy that asks for a staple and keeps it without judging it (the test judges it; the
    /// handshake's events tell only its size).
    final class RecordingPolicy: CertificateStatusPolicy {
        private let kept = Mutex<[UInt8]?>(nil)
        /// The staple the server sent, once the certificate was checked.
        var staple: [UInt8]? { kept.withLock { $0 } }
        var requestsStaple: Bool { true }
        func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation {
            kept.withLock { $0 = peer.staple }
            return .decided(.accept(peer.staple == nil ? "no staple" : "recorded"))
        }
        func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
            connection.eventLoop.makeSucceededFuture(.accept("recorded"))
        }
    }

    /// Sends `GET /` with `Connection: close` once the handshake completes, collects the answer.
    final class OneRequest: ChannelInboundHandler {
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
            if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
                var out = context.channel.allocator.buffer(capacity: 96)
                out.writeString("GET / HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
                context.writeAndFlush(wrapOutboundOut(out), promise: nil)
            }
            context.fireUserInboundEventTriggered(event)
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readString(length: buffer.readableBytes) ?? ""
        }
        func channelInactive(context: ChannelHandlerContext) { done.succeed(received) }
        func errorCaught(context: ChannelHandlerContext, error: Error) {
            done.fail(error)
            context.close(promise: nil)
        }
    }

    /// One handshake and request to `address` for `hostname`; gives up after `timeout` seconds.
    static func connect(to address: SocketAddress, hostname: String, tls: TLSContext, from source: String? = nil,
                        timeout: Double = 30) async throws -> Result {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let handshake = loop.makePromise(of: Void.self)
        let policy = RecordingPolicy(), trace = Trace(), connection = ConnectionID.next()
        let done = loop.makePromise(of: String.self)
        let start = Instant.now()
        var bootstrap = ClientBootstrap(group: loop)
        if let source { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0)) }
        let channel = try await bootstrap
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        TLSHandler(client: tls, hostname: hostname, policy: policy, trace: trace,
                                   party: .client("probe"), connection: connection, handshakePromise: handshake))
                    try channel.pipeline.syncOperations.addHandler(OneRequest(host: hostname, done: done))
                }
            }
            .connect(to: address).get()
        let guardTimer = loop.scheduleTask(in: .nanoseconds(Int64(timeout * 1e9))) {
            channel.close(promise: nil)
            handshake.fail(ProbeTimeout(seconds: timeout))
            done.fail(ProbeTimeout(seconds: timeout))
        }
        defer { guardTimer.cancel() }
        try await handshake.futureResult.get()
        let handshakeMilliseconds = Instant.now().milliseconds(since: start)
        let response = try await done.futureResult.get()
        // The version from the handshake's own event, its one carrier.
        let version = ConnectionFacts(trace.events(of: connection)).tlsVersion
        return Result(staple: policy.staple, milliseconds: Instant.now().milliseconds(since: start),
                      handshakeMilliseconds: handshakeMilliseconds,
                      version: TLSVersion.allCases.first { $0.description == version }, response: response)
    }

    /// The probe gave up.
    struct ProbeTimeout: Error, CustomStringConvertible {
        var seconds: Double
        var description: String { "no answer within \(seconds) s" }
    }
}

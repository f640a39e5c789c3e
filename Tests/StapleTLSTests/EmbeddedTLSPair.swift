import NIOCore
import NIOEmbedded
import Synchronization
import StapleCore
import StaplePKI
@testable import StapleTLS

/// A client ``TLSHandler`` in one `EmbeddedChannel` and a server one in another, with the
/// ciphertext moved between them by the test (``shuttle()``): no sockets, no threads, no clock.
///
/// Use it from one thread (a synchronous test): an `EmbeddedEventLoop` belongs to the thread
/// that made it.
final class EmbeddedTLSPair {
    /// What the handlers passed up the pipeline (plaintext, user events, errors), kept in order.
    final class Recorder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private(set) var plaintext = ""
        private(set) var events: [TLSUserEvent] = []
        private(set) var errors: [any Error] = []
        private(set) var inactive = false

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            plaintext += buffer.readString(length: buffer.readableBytes) ?? ""
        }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSUserEvent { events.append(event) }
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { errors.append(error) }
        func channelInactive(context: ChannelHandlerContext) { inactive = true }

        /// The TLS errors caught, in order.
        var tlsErrors: [TLSError] { errors.compactMap { $0 as? TLSError } }
        /// Whether the handshake completed.
        var handshakeCompleted: Bool { events.contains { if case .handshakeCompleted = $0 { true } else { false } } }
    }

    /// Bytes moved by one ``shuttle()``, per direction.
    struct Moved: Equatable {
        var clientToServer = 0
        var serverToClient = 0
    }

    let trace: Trace
    let client: EmbeddedChannel
    let server: EmbeddedChannel
    let clientRecorder = Recorder()
    let serverRecorder = Recorder()
    let clientID = ConnectionID.next()
    let serverID = ConnectionID.next()
    /// What the client's policy was shown.
    let shown: TLSTestHarness.ShownPolicy

    /// A pair for `hostname`; neither channel is active until ``connect()``.
    init(client clientTLS: TLSContext, server serverTLS: TLSContext, hostname: String = "example.com",
         policy: any CertificateStatusPolicy, provider: any StapleProvider, trace: Trace = Trace()) throws {
        self.trace = trace
        shown = TLSTestHarness.ShownPolicy(policy)
        client = EmbeddedChannel()
        server = EmbeddedChannel()
        try client.pipeline.syncOperations.addHandlers([
            TLSHandler(client: clientTLS, hostname: hostname, policy: shown, trace: trace, party: .client("Alice"),
                       connection: clientID),
            clientRecorder,
        ])
        try server.pipeline.syncOperations.addHandlers([
            TLSHandler(server: serverTLS, provider: provider, trace: trace, party: .server("test"), connection: serverID),
            serverRecorder,
        ])
    }

    /// Makes both channels active (server first, so it is ready for the ClientHello the client
    /// writes the moment it is active). Nothing crosses until ``shuttle()``.
    func connect() throws {
        server.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 50_000), promise: nil)
        client.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 443), promise: nil)
    }

    /// Moves every outbound buffer of each channel into the other, until neither has anything
    /// left to send; returns the bytes moved each way. A closed channel takes nothing.
    @discardableResult
    func shuttle() throws -> Moved {
        var total = Moved()
        while true {
            let forward = try move(from: client, to: server)
            let backward = try move(from: server, to: client)
            total.clientToServer += forward
            total.serverToClient += backward
            if forward == 0 && backward == 0 { return total }
        }
    }

    private func move(from source: EmbeddedChannel, to target: EmbeddedChannel) throws -> Int {
        var moved = 0
        while let buffer = try source.readOutbound(as: ByteBuffer.self) {
            moved += buffer.readableBytes
            if target.isActive { try target.writeInbound(buffer) }
        }
        return moved
    }

    /// The facts of the client's events (version, verdict, staple).
    var clientFacts: ConnectionFacts { ConnectionFacts(trace.events(of: clientID)) }
    /// The kinds of one end's events, in order.
    func kinds(_ id: ConnectionID) -> [EventKind] { trace.events(of: id).map(\.kind) }
}

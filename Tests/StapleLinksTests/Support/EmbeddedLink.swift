import NIOCore
import NIOEmbedded
import Synchronization
import StapleCore
@testable import StapleLinks

/// One ``LinkConnection`` on an `EmbeddedEventLoop`: the party's socket (downstream) and the
/// actor's (upstream) are `EmbeddedChannel`s with a ``SpliceHandler`` each, and the link's clock
/// is the loop's own time, so a test moves time with ``advance(by:)`` and sees exactly when each
/// chunk, half-close or close crosses. No sockets, no real time.
///
/// Use it from one thread (a synchronous test): an `EmbeddedEventLoop` belongs to the thread
/// that made it.
final class EmbeddedLink {
    /// Records the closes asked of a channel, and keeps an output half-close from closing the
    /// `EmbeddedChannel` (which cannot half-close) so that the test can see what follows.
    final class CloseRecorder: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        private(set) var closes: [CloseMode] = []

        func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
            closes.append(mode)
            if mode == .output {
                promise?.succeed()
            } else {
                context.close(mode: mode, promise: promise)
            }
        }
    }

    /// The upstream connects the connection asked for (`source->target`), in order.
    final class ConnectLog: Sendable {
        private let requests = Mutex<[String]>([])
        func append(source: SocketAddress, target: SocketAddress) {
            requests.withLock { $0.append("\(source.ipAddress ?? "?"):\(source.port ?? -1)->\(target.ipAddress ?? "?"):\(target.port ?? -1)") }
        }
        var all: [String] { requests.withLock { $0 } }
    }

    /// The party's address (the link's source IP and the downstream socket's peer).
    static let party = try! SocketAddress(ipAddress: "127.0.1.5", port: 40_000)
    /// The actor's address (the link's target).
    static let actor = try! SocketAddress(ipAddress: "127.0.2.10", port: 8443)

    let loop: EmbeddedEventLoop
    let trace = Trace()
    let timing: DeliveryTiming
    let context: FrontDoorContext
    let downstream: EmbeddedChannel
    let downstreamCloses = CloseRecorder()
    let upstreamCloses = CloseRecorder()
    let connection: LinkConnection
    /// The upstream socket, once ``completeUpstreamConnect()`` made it.
    private(set) var upstream: EmbeddedChannel?
    private let connects = ConnectLog()

    /// A link carrying `spec` for one connection from ``party``; the loop starts at 1 s and the
    /// downstream socket is accepted (the connection starts) at once.
    init(spec: LinkSpec) throws {
        let loop = EmbeddedEventLoop()
        loop.advanceTime(to: .uptimeNanoseconds(1_000_000_000))
        self.loop = loop
        timing = DeliveryTiming(compensates: false, clock: { loop.now.uptimeNanoseconds })
        let connects = self.connects
        context = FrontDoorContext(
            name: spec.name, trace: trace, clock: .manual(), routes: RouteTable(routes: [:], defaultSpec: spec),
            tap: false, target: EmbeddedLink.actor, timing: timing,
            connectUpstream: { _, _, source, target, _ in connects.append(source: source, target: target) })
        downstream = EmbeddedChannel(loop: loop)
        downstream.remoteAddress = EmbeddedLink.party
        connection = LinkConnection(context: context, channel: downstream)
        try downstream.pipeline.syncOperations.addHandlers([
            downstreamCloses, SpliceHandler(connection: connection, side: .downstream),
        ])
        downstream.connect(to: EmbeddedLink.party, promise: nil)
    }

    /// The upstream connects asked for so far (`source->target`).
    var connectRequests: [String] { connects.all }

    /// Makes the upstream socket the connection asked for and lets it connect.
    func completeUpstreamConnect() throws {
        let channel = EmbeddedChannel(loop: loop)
        try channel.pipeline.syncOperations.addHandlers([
            upstreamCloses, SpliceHandler(connection: connection, side: .upstream),
        ])
        upstream = channel
        channel.connect(to: EmbeddedLink.actor, promise: nil)
    }

    /// The time since the link started, in milliseconds.
    var elapsedMilliseconds: Int64 { Int64(loop.now.uptimeNanoseconds - 1_000_000_000) / 1_000_000 }

    /// Moves the loop's time on, running the timers that fall due.
    func advance(by amount: TimeAmount) { loop.advanceTime(by: amount) }

    /// The socket of `side`.
    func channel(_ side: SpliceSide) -> EmbeddedChannel? { side == .downstream ? downstream : upstream }

    /// Bytes arrive from `side`'s peer.
    func send(_ text: String, from side: SpliceSide) throws {
        try channel(side)?.writeInbound(ByteBuffer(string: text))
    }

    /// `side`'s peer shuts down its output (FIN).
    func shutDownInput(of side: SpliceSide) {
        channel(side)?.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
    }

    /// What the link has written to `side`'s socket since the last call (empty flush markers left out).
    func delivered(to side: SpliceSide) throws -> String {
        var text = ""
        while let buffer = try channel(side)?.readOutbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    /// The link's own events, in order (kind and detail).
    var linkEvents: [String] {
        trace.events.filter { $0.party.role == .link }.map { $0.detail.isEmpty ? "\($0.kind)" : "\($0.kind) \($0.detail)" }
    }
}

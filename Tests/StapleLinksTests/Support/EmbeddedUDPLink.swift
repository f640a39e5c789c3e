import NIOCore
import NIOEmbedded
import Synchronization
import StapleCore
@testable import StapleLinks

/// A UDP link's ``UDPLinkCore`` on an `EmbeddedEventLoop`: the front socket and each session's
/// upstream socket are `EmbeddedChannel`s, and the link's clock is the loop's own time, so a
/// test moves time with ``advance(by:)`` and sees exactly when each datagram crosses, and on
/// which session's socket. No sockets, no real time.
///
/// Use it from one thread (a synchronous test): an `EmbeddedEventLoop` belongs to the thread
/// that made it.
final class EmbeddedUDPLink {
    /// The upstream sockets the sessions asked for, in order: the address each was bound to and
    /// the channel standing in for it.
    final class BindLog: Sendable {
        private let binds = Mutex<[(address: String, channel: EmbeddedChannel)]>([])
        func append(_ address: SocketAddress, _ channel: EmbeddedChannel) {
            binds.withLock { $0.append(("\(address.ipAddress ?? "?"):\(address.port ?? -1)", channel)) }
        }
        var addresses: [String] { binds.withLock { $0.map(\.address) } }
        var channels: [EmbeddedChannel] { binds.withLock { $0.map(\.channel) } }
    }

    /// The first party's address.
    static let party = try! SocketAddress(ipAddress: "127.0.1.5", port: 40_000)
    /// The actor's address (the link's target).
    static let actor = try! SocketAddress(ipAddress: "127.0.2.10", port: 53)

    let loop: EmbeddedEventLoop
    let trace = Trace()
    let timing: DeliveryTiming
    let context: FrontDoorContext
    /// The front socket, where parties' datagrams arrive and answers leave.
    let front: EmbeddedChannel
    private let binds = BindLog()

    /// A link carrying `defaultSpec`, and `routes` by source IP; the loop starts at 1 s.
    init(defaultSpec: LinkSpec, routes: [String: LinkSpec] = [:]) throws {
        let loop = EmbeddedEventLoop()
        loop.advanceTime(to: .uptimeNanoseconds(1_000_000_000))
        self.loop = loop
        timing = DeliveryTiming(compensates: false, clock: { loop.now.uptimeNanoseconds })
        let binds = self.binds
        context = FrontDoorContext(
            name: defaultSpec.name, trace: trace, clock: .manual(),
            routes: RouteTable(routes: routes, defaultSpec: defaultSpec),
            tap: false, target: EmbeddedUDPLink.actor, timing: timing,
            bindDatagramUpstream: { loop, address, initialize in
                let channel = EmbeddedChannel(loop: loop as! EmbeddedEventLoop)
                binds.append(address, channel)
                return initialize(channel).map { channel }
            })
        front = EmbeddedChannel(loop: loop)
        let core = UDPLinkCore(context: context, front: front)
        try front.pipeline.syncOperations.addHandler(UDPFrontHandler(core: core))
    }

    /// The upstream binds asked for so far (`ip:port`, in order).
    var bindRequests: [String] { binds.addresses }

    /// The upstream socket of the `index`th session (in the order they were made).
    func upstream(_ index: Int) -> EmbeddedChannel { binds.channels[index] }

    /// The time since the link started, in milliseconds.
    var elapsedMilliseconds: Int64 { Int64(loop.now.uptimeNanoseconds - 1_000_000_000) / 1_000_000 }

    /// Moves the loop's time on, running the timers that fall due.
    func advance(by amount: TimeAmount) { loop.advanceTime(by: amount) }

    /// A datagram `text` from the party at `source` reaches the front socket.
    func send(_ text: String, from source: SocketAddress = EmbeddedUDPLink.party) throws {
        try front.writeInbound(AddressedEnvelope(remoteAddress: source, data: ByteBuffer(string: text)))
    }

    /// A datagram `text` from the actor reaches the upstream socket of the `index`th session.
    func answer(_ text: String, session index: Int = 0) throws {
        try upstream(index).writeInbound(AddressedEnvelope(remoteAddress: EmbeddedUDPLink.actor, data: ByteBuffer(string: text)))
    }

    /// The datagrams written to `channel` since the last call, as `text->ip:port`.
    static func written(to channel: EmbeddedChannel) throws -> [String] {
        var out: [String] = []
        while let envelope = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) {
            out.append("\(String(buffer: envelope.data))->\(envelope.remoteAddress.ipAddress ?? "?"):\(envelope.remoteAddress.port ?? -1)")
        }
        return out
    }

    /// What the link sent the actor on the `index`th session's socket since the last call.
    func forwarded(session index: Int = 0) throws -> [String] { try Self.written(to: upstream(index)) }

    /// What the link sent parties from the front socket since the last call.
    func answered() throws -> [String] { try Self.written(to: front) }

    /// The link's own events, in order (link name, kind and detail).
    var linkEvents: [String] {
        trace.events.filter { $0.party.role == .link }.map { "\($0.party.name) \($0.kind) \($0.detail)" }
    }
}

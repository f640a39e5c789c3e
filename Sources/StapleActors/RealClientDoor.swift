import NIOCore
import NIOPosix
import StapleLinks
import Synchronization

/// A real client's own TCP door: a listener on the client's own address, on the port of the
/// shared front door it leads to, that splices each connection to that front door from the
/// client's own address.
///
/// A program connects from whatever source the kernel picks (127.0.0.1 on loopback); through
/// its door it reaches the same front door as a built-in client, from its own address, so the
/// front door's delays, faults and tap, the actor's log and the privacy ledger treat it as that
/// client. The door adds no delay; it tells the visit in progress when bytes crossed.
final class RealClientDoor: Sendable {
    private let context: RealClientDoorContext
    private let group: any EventLoopGroup
    private let listener = RealClientDoorListener()

    /// A door on `listen:port` (the client's address, the front door's port) leading to `upstream`.
    init(role: RealClientDoorRole, source: String, upstream: SocketAddress, visits: RealClientVisits,
         group: any EventLoopGroup) {
        self.context = RealClientDoorContext(role: role, source: source, upstream: upstream, visits: visits)
        self.group = group
    }

    /// Binds `source:port` and starts accepting.
    func start(port: Int) async throws -> SocketAddress {
        let context = self.context
        let bootstrap = SpliceBootstrap.listener(group: group, backlog: 64) { RealClientDoorConnection(door: context, channel: $0) }
        let bound = try await bootstrap.bind(host: context.source, port: port).get()
        return try await listener.adopt(bound, address: "\(context.source):\(port)")
    }

    /// Stops accepting (open connections end with their program).
    func stop() async {
        await listener.stop()
    }
}

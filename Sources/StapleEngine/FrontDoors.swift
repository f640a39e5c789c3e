import NIOCore
import StapleCore
import StapleLinks

/// The three front doors of a ``World``: the links every party reaches the resolver (UDP), the
/// responder and the server (TCP) through, each with its route table from the ``WorldPlan``.
struct FrontDoors: Sendable {
    /// Before the resolver.
    let resolver: FrontDoor
    /// Before the responder.
    let responder: FrontDoor
    /// Before the server (the port sites are reached on).
    let server: FrontDoor

    /// The doors of `plan`, not yet listening.
    init(plan: WorldPlan, trace: Trace, clock: PolicyClock, group: any EventLoopGroup) {
        let addresses = plan.addresses
        resolver = FrontDoor(.udp, name: "resolver", listen: addresses.resolverFront, routes: plan.routes(to: .resolver),
                             trace: trace, clock: clock, group: group, tap: trace.isEnabled)
        responder = FrontDoor(.tcp, name: "responder", listen: addresses.responderFront, routes: plan.routes(to: .responder),
                              trace: trace, clock: clock, group: group, tap: trace.isEnabled)
        server = FrontDoor(.tcp, name: "server", listen: addresses.serverFront, routes: plan.routes(to: .server),
                           trace: trace, clock: clock, group: group, tap: trace.isEnabled)
    }

    /// Starts the three doors (their ports go into URLs and certificates), returning where each listens.
    func start() async throws -> (resolver: SocketAddress, responder: SocketAddress, server: SocketAddress) {
        (try await resolver.start(), try await responder.start(), try await server.start())
    }

    /// Routes nginx's or Apache's own traffic (from 127.0.0.1, the kernel's choice) as the server's.
    func routeExternalServer(_ plan: WorldPlan) {
        responder.update(source: "127.0.0.1", spec: plan.serverSpec(.serverResponder))
        resolver.update(source: "127.0.0.1", spec: plan.serverSpec(.serverResolver))
    }

    /// How late each door's delayed deliveries went out against their deadlines.
    var deliveryLateness: [String: LatenessHistogram] {
        ["resolver": resolver.deliveryLateness, "responder": responder.deliveryLateness, "server": server.deliveryLateness]
    }

    /// Stops the three doors.
    func stop() async {
        await server.stop()
        await responder.stop()
        await resolver.stop()
    }
}

import NIOCore
import StapleCore
@testable import StapleLinks

/// An echo (or canned) server behind a `FrontDoor`, with the trace they share.
struct LinkFixture {
    let server: EchoServer
    let link: FrontDoor
    let front: SocketAddress
    let trace: Trace
    let clock: PolicyClock

    /// Starts the server on `serverHost` and a link on `frontHost` in front of it.
    static func make(routes: [String: LinkSpec] = [:], defaultSpec: LinkSpec? = nil,
                     clock: PolicyClock = TestLoop.clock(), behaviour: EchoServer.Behaviour = .echo,
                     tap: Bool = false, serverHost: String = "127.0.6.1",
                     frontHost: String = "127.0.6.10") async throws -> LinkFixture {
        let trace = Trace()
        let server = try await EchoServer.start(host: serverHost, behaviour: behaviour)
        let link = FrontDoor(.tcp, name: "front", listen: frontHost, target: server.address, routes: routes,
                           defaultSpec: defaultSpec, trace: trace, clock: clock, group: TestLoop.group, tap: tap)
        let front = try await link.start()
        return LinkFixture(server: server, link: link, front: front, trace: trace, clock: clock)
    }

    /// Connects a client from `source`.
    func connect(from source: String? = nil) async throws -> ProbeClient {
        try await ProbeClient.connect(to: front, from: source)
    }

    /// The events of `kind`.
    func events(_ kind: EventKind) -> [TraceEvent] { trace.events.filter { $0.kind == kind } }

    /// Stops link and server.
    func stop() async {
        await link.stop()
        await server.stop()
    }
}

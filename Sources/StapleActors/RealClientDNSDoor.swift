import NIOCore
import NIOPosix
import StapleCore
import StapleLinks
import Synchronization

/// A real client's own DNS door: UDP port 53 of the client's own address, named in the
/// program's private `resolv.conf`. Each query goes on to the resolver's shared front door from
/// the client's own address (a fresh socket per query, closed at its answer or after `timeout`),
/// and the answer comes back to the program; the visit in progress hears of both.
final class RealClientDNSDoor: Sendable {
    private let source: String
    private let upstream: SocketAddress
    private let visits: RealClientVisits
    private let group: any EventLoopGroup
    private let timeout: TimeAmount
    private let listener = RealClientDoorListener()

    /// A door on `source:53` leading to the resolver's front door `upstream`.
    init(source: String, upstream: SocketAddress, visits: RealClientVisits, group: any EventLoopGroup,
         timeout: TimeAmount = .seconds(10)) {
        self.source = source
        self.upstream = upstream
        self.visits = visits
        self.group = group
        self.timeout = timeout
    }

    /// Binds `source:port` (53 for a program's resolver).
    func start(port: Int = 53) async throws -> SocketAddress {
        let door = self
        let bound = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RealClientDNSDoorHandler(door: door))
                }
            }
            .bind(host: source, port: port).get()
        return try await listener.adopt(bound, address: "\(source):\(port)")
    }

    /// Stops answering.
    func stop() async {
        await listener.stop()
    }

    /// Sends `query` on from the client's address; its answer goes back to `program` through `front`.
    func forward(_ query: ByteBuffer, from program: SocketAddress, through front: Channel) {
        let visit = visits.current
        let question = (try? DNSMessage(parsing: query.readableBytesView))?.questions.first
        if let question { visit?.dnsQuery(name: question.name, isA: question.type == .a, at: .now()) }
        let timeout = self.timeout
        let upstream = self.upstream
        let loop = front.eventLoop
        guard let source = try? SocketAddress(ipAddress: self.source, port: 0) else { return }
        DatagramBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RealClientDNSAnswerHandler { answer in
                        if let question { visit?.dnsAnswer(name: question.name, isA: question.type == .a, at: .now()) }
                        front.writeAndFlush(AddressedEnvelope(remoteAddress: program, data: answer), promise: nil)
                    })
                }
            }
            .bind(to: source)
            .whenSuccess { channel in
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: upstream, data: query), promise: nil)
                channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
            }
    }
}

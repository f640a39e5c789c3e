import NIOCore
import StapleCore

/// How a party resolves names in a run: one DNS query over UDP from its own address to the
/// scenario's resolver (through its link), never the system's resolver.
public struct DNSHostResolver: HostResolver {
    /// The resolver's address (its link's front door).
    public let server: SocketAddress
    /// The party's own address: queries leave from here.
    public let sourceIP: String
    /// How long to wait for an answer.
    public let timeout: Delay
    private let client: DNSClient

    /// Makes a resolver for one party.
    public init(server: SocketAddress, sourceIP: String, trace: Trace, timeout: Delay = .seconds(5),
                group: any EventLoopGroup) {
        self.server = server
        self.sourceIP = sourceIP
        self.timeout = timeout
        self.client = DNSClient(group: group, trace: trace)
    }

    /// Resolves `host` to an IPv4 address.
    public func resolve(_ host: String, party: Party, connection: ConnectionID, on eventLoop: any EventLoop) -> EventLoopFuture<String> {
        client.resolve(host, server: server, from: sourceIP, timeout: timeout, party: party, connection: connection,
                       on: eventLoop)
    }
}

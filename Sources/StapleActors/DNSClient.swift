import NIOCore
import NIOPosix
import StapleCore
import StapleLinks

/// A stub resolver: one A query over UDP from a party's own address, one answer or an error
/// within a timeout. Every party resolves through the scenario's resolver (and so through
/// its link), never through the system's.
public struct DNSHostResolver: HostResolver {
    /// The resolver's address (its link's front door).
    public let server: SocketAddress
    /// The party's own address: queries leave from here.
    public let sourceIP: String
    /// Where events go.
    public let trace: Trace
    /// How long to wait for an answer.
    public let timeout: Delay

    /// Makes a resolver client.
    public init(server: SocketAddress, sourceIP: String, trace: Trace, timeout: Delay = .seconds(5)) {
        self.server = server
        self.sourceIP = sourceIP
        self.trace = trace
        self.timeout = timeout
    }

    /// Resolves `host` to an IPv4 address.
    public func resolve(_ host: String, party: Party, connection: ConnectionID, on eventLoop: any EventLoop) -> EventLoopFuture<String> {
        let promise = eventLoop.makePromise(of: String.self)
        let id = UInt16.random(in: 1...UInt16.max)
        let query: [UInt8]
        do {
            query = try DNSMessage.query(id: id, name: host).encoded()
        } catch {
            promise.fail(DNSClientError.malformed("cannot encode a query for '\(host)': \(error)"))
            return promise.futureResult
        }
        let trace = self.trace, server = self.server, timeout = self.timeout
        trace.record(party, .dnsQuerySent, connection: connection, detail: "\(host) A from \(sourceIP)")
        promise.futureResult.whenComplete { result in
            switch result {
            case .success(let address):
                trace.record(party, .dnsAnswerReceived, connection: connection, detail: "\(host) = \(address)")
            case .failure(let error):
                trace.record(party, .dnsAnswerReceived, connection: connection, detail: "\(host): \(error)")
            }
        }
        let bootstrap = DatagramBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        DNSAnswerHandler(id: id, host: host, promise: promise))
                }
            }
        bootstrap.bind(host: sourceIP, port: 0).whenComplete { bound in
            switch bound {
            case .failure(let error):
                promise.fail(DNSClientError.unreachable("cannot send from \(self.sourceIP): \(error)"))
            case .success(let channel):
                let timer = eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
                    promise.fail(DNSClientError.timeout(host: host, seconds: timeout.seconds))
                }
                promise.futureResult.whenComplete { _ in
                    timer.cancel()
                    channel.close(promise: nil)
                }
                let envelope = AddressedEnvelope(remoteAddress: server, data: channel.allocator.buffer(bytes: query))
                channel.writeAndFlush(envelope).whenFailure { error in
                    promise.fail(DNSClientError.unreachable("\(error)"))
                }
            }
        }
        return promise.futureResult
    }
}

/// Reads the answer to one query.
final class DNSAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    private let id: UInt16
    private let host: String
    private let promise: EventLoopPromise<String>

    init(id: UInt16, host: String, promise: EventLoopPromise<String>) {
        self.id = id
        self.host = host
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Array(unwrapInboundIn(data).data.readableBytesView)
        guard let message = try? DNSMessage(parsing: bytes) else {
            promise.fail(DNSClientError.malformed("the answer for '\(host)' is not a DNS message"))
            return
        }
        guard message.id == id, message.isResponse else { return } // not ours: keep waiting
        if message.responseCode == .nameError {
            promise.fail(DNSClientError.nxdomain(host))
        } else if let address = message.ipv4Answers.first {
            promise.succeed(address)
        } else {
            promise.fail(DNSClientError.noAddress(host, code: message.responseCode.description))
        }
    }
}

/// Why a name did not resolve.
public enum DNSClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The resolver says the name does not exist.
    case nxdomain(String)
    /// The resolver answered without an address.
    case noAddress(String, code: String)
    /// No answer in time.
    case timeout(host: String, seconds: Double)
    /// The query could not be sent.
    case unreachable(String)
    /// Something did not parse.
    case malformed(String)

    /// A sentence for people.
    public var description: String {
        switch self {
        case .nxdomain(let host): return "\(host): NXDOMAIN (no such name)"
        case .noAddress(let host, let code): return "\(host): no address in the answer (\(code))"
        case .timeout(let host, let seconds): return "\(host): no DNS answer within \(Delay(seconds: seconds))"
        case .unreachable(let why): return "the resolver cannot be reached: \(why)"
        case .malformed(let why): return why
        }
    }
}

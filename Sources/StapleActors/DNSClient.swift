import NIOCore
import NIOPosix
import StapleCore
import StapleLinks

/// A stub resolver: looks up the IPv4 address of a name with one DNS query over UDP, sent
/// from a given source address, and records the exchange in the trace.
///
/// Each lookup uses its own socket bound to `sourceIP` (port 0) and a random ID, sends one
/// query (no retransmission: a lost datagram is a timeout) and accepts only an answer from
/// the server it asked, with the same ID and question.
public struct DNSClient: Sendable {
    private let group: EventLoopGroup
    private let trace: Trace

    /// A client whose lookups run on `group` and are recorded in `trace`.
    public init(group: EventLoopGroup, trace: Trace) {
        self.group = group
        self.trace = trace
    }

    /// The IPv4 address (dotted text) of `name`, asked of `server` from `sourceIP`.
    ///
    /// Records `.dnsQuerySent` (bytes: the query's size) and `.dnsAnswerReceived` (detail:
    /// `name=… answer=…`, or `name=… error=…` for every failure, a timeout included) for
    /// `party` and `connection`.
    public func resolve(_ name: String, server: SocketAddress, from sourceIP: String, timeout: Delay,
                        party: Party = .client("client"), connection: ConnectionID = .none) async throws(DNSClientError) -> String {
        let id = UInt16.random(in: 0...UInt16.max)
        let query: [UInt8]
        do {
            query = try DNSMessage.query(id: id, name: name).encoded()
        } catch {
            throw .invalidName(name: name, reason: "\(error)")
        }
        let serverText = "\(server.ipAddress ?? "?"):\(server.port ?? 0)"
        let loop = group.next()
        let promise = loop.makePromise(of: (bytes: [UInt8], at: Instant).self)
        let channel: Channel
        do {
            let source = try SocketAddress(ipAddress: sourceIP, port: 0)
            channel = try await DatagramBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(DNSClientHandler(id: id, server: server, promise: promise))
                    }
                }
                .bind(to: source).get()
        } catch {
            promise.fail(error)
            throw .bindFailed(source: sourceIP, reason: "\(error)")
        }
        defer { channel.close(promise: nil) }

        let timer = loop.scheduleTask(in: .nanoseconds(max(0, timeout.nanoseconds))) {
            promise.fail(DNSClientError.timeout(name: name, server: serverText, after: timeout))
        }
        let sent = Instant.now()
        trace.record(party, .dnsQuerySent, connection: connection, bytes: query.count,
                     detail: "name=\(name) server=\(serverText)", at: sent)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: server, data: channel.allocator.buffer(bytes: query)),
                              promise: nil)
        let reply: (bytes: [UInt8], at: Instant)
        do {
            reply = try await promise.futureResult.get()
            timer.cancel()
        } catch {
            timer.cancel()
            let failure = (error as? DNSClientError) ?? .malformed(name: name, reason: "\(error)")
            record(failure, name: name, party: party, connection: connection, at: .now())
            throw failure
        }
        do {
            let address = try Self.address(in: reply.bytes, for: name)
            trace.record(party, .dnsAnswerReceived, connection: connection, bytes: reply.bytes.count,
                         detail: "name=\(name) answer=\(address)", at: reply.at)
            return address
        } catch {
            record(error, name: name, party: party, connection: connection, at: reply.at, bytes: reply.bytes.count)
            throw error
        }
    }

    /// The first A record of a response to the query for `name`.
    static func address(in bytes: [UInt8], for name: String) throws(DNSClientError) -> String {
        let message: DNSMessage
        do {
            message = try DNSMessage(parsing: bytes)
        } catch {
            throw .malformed(name: name, reason: "\(error)")
        }
        guard message.isResponse else { throw .malformed(name: name, reason: "a query came back, not a response") }
        guard let question = message.questions.first,
              normalize(question.name) == normalize(name) else {
            throw .malformed(name: name, reason: "the response answers another question")
        }
        switch message.responseCode {
        case .noError: break
        case .nameError: throw .nxdomain(name: name)
        default: throw .serverError(name: name, code: message.responseCode.description)
        }
        guard let address = message.ipv4Answers.first else { throw .noAddress(name: name) }
        return address
    }

    private static func normalize(_ name: String) -> String {
        var text = name.lowercased()
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private func record(_ error: DNSClientError, name: String, party: Party, connection: ConnectionID,
                        at time: Instant, bytes: Int = 0) {
        let reason: String
        switch error {
        case .nxdomain: reason = "NXDOMAIN"
        case .timeout(_, _, let after): reason = "timeout after \(after)"
        case .serverError(_, let code): reason = code
        case .noAddress: reason = "no A record"
        case .malformed(_, let why): reason = "malformed: \(why)"
        case .invalidName(_, let why): reason = "invalid name: \(why)"
        case .bindFailed(_, let why): reason = "bind failed: \(why)"
        }
        trace.record(party, .dnsAnswerReceived, connection: connection, bytes: bytes,
                     detail: "name=\(name) error=\(reason)", at: time)
    }
}

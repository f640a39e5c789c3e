import NIOCore
import NIOPosix
import StapleCore
import StapleLinks

/// A stub resolver: looks up the IPv4 address of a name with one DNS query over UDP, sent
/// from a given source address, and records the exchange in the trace.
///
/// Each lookup uses its own socket bound to `sourceIP` (port 0) and a random ID, sends the
/// query (again every second until the timeout, as stub resolvers do) and accepts only an
/// answer from the server it asked, with the same ID and question.
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
        do {
            return try await resolve(name, server: server, from: sourceIP, timeout: timeout, party: party,
                                     connection: connection, on: group.next()).get()
        } catch let error as DNSClientError {
            throw error
        } catch {
            throw .malformed(name: name, reason: "\(error)")
        }
    }

    /// The same lookup as a future on `loop` (no task hop: the measured path stays on the event loop).
    public func resolve(_ name: String, server: SocketAddress, from sourceIP: String, timeout: Delay,
                        party: Party, connection: ConnectionID, on loop: any EventLoop) -> EventLoopFuture<String> {
        let id = UInt16.random(in: 0...UInt16.max)
        let query: [UInt8]
        do {
            query = try DNSMessage.query(id: id, name: name).encoded()
        } catch {
            return loop.makeFailedFuture(DNSClientError.invalidName(name: name, reason: "\(error)"))
        }
        let source: SocketAddress
        do {
            source = try SocketAddress(ipAddress: sourceIP, port: 0)
        } catch {
            return loop.makeFailedFuture(DNSClientError.bindFailed(source: sourceIP, reason: "\(error)"))
        }
        let serverText = "\(server.ipAddress ?? "?"):\(server.port ?? 0)"
        let promise = loop.makePromise(of: (bytes: [UInt8], at: Instant).self)
        let trace = self.trace
        return DatagramBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DNSClientHandler(id: id, server: server, promise: promise))
                }
            }
            .bind(to: source)
            .flatMapErrorThrowing { error in throw DNSClientError.bindFailed(source: sourceIP, reason: "\(error)") }
            .flatMap { channel -> EventLoopFuture<String> in
                let timer = loop.scheduleTask(in: .nanoseconds(max(0, timeout.nanoseconds))) {
                    promise.fail(DNSClientError.timeout(name: name, server: serverText, after: timeout))
                }
                trace.record(party, .dnsQuerySent, connection: connection, bytes: query.count,
                             detail: "name=\(name) server=\(serverText)")
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: server, data: channel.allocator.buffer(bytes: query)),
                                      promise: nil)
                // Like a stub resolver, send the query again every second until the timeout: one
                // lost datagram must not cost the whole timeout.
                let retransmit = loop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
                    trace.record(party, .dnsQuerySent, connection: connection, bytes: query.count,
                                 detail: "name=\(name) server=\(serverText) retransmission")
                    channel.writeAndFlush(AddressedEnvelope(remoteAddress: server, data: channel.allocator.buffer(bytes: query)),
                                          promise: nil)
                }
                promise.futureResult.whenComplete { _ in retransmit.cancel() }
                return promise.futureResult.flatMapThrowing { reply -> String in
                    do {
                        let address = try Self.address(in: reply.bytes, for: name)
                        trace.record(party, .dnsAnswerReceived, connection: connection, bytes: reply.bytes.count,
                                     detail: "name=\(name) answer=\(address)", at: reply.at)
                        return address
                    } catch let error as DNSClientError {
                        Self.record(error, name: name, party: party, connection: connection, at: reply.at,
                                    bytes: reply.bytes.count, trace: trace)
                        throw error
                    }
                }.always { result in
                    timer.cancel()
                    channel.close(promise: nil)
                    if case .failure(let error) = result, let failure = error as? DNSClientError,
                       case .timeout = failure {
                        Self.record(failure, name: name, party: party, connection: connection, at: .now(), trace: trace)
                    }
                }
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

    private static func record(_ error: DNSClientError, name: String, party: Party, connection: ConnectionID,
                               at time: Instant, bytes: Int = 0, trace: Trace) {
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

import NIOCore
import Synchronization
import NIOPosix
import StapleCore
import StaplePKI
import StapleTLS

/// A browser: resolves the site through the resolver, connects from its own address, runs a
/// real TLS handshake that checks revocation the way its mode and profile say (see
/// ``ClientRevocationPolicy``), sends one HTTP request and reads the answer.
///
/// It keeps an OCSP cache across its connections, honouring nextUpdate and max-age, and the
/// CRLs it downloaded, each until its nextUpdate.
public final class ClientActor: Sendable {
    /// The configuration.
    public let config: ClientConfig
    private let resolver: any HostResolver
    private let trace: Trace
    private let clock: PolicyClock
    private let group: any EventLoopGroup
    private let tls: TLSContext
    private let cache = ClientOCSPCache()
    private let crlCache = ClientCRLCache()
    private let crlVerifier: CRLVerifier
    private let pushedSet = ClientPushedSet()
    private let fetcher: OCSPFetcher
    private let verifier: OCSPVerifier

    /// The party this client is in traces.
    public var party: Party { .client(config.name) }

    /// Makes a client.
    public init(config: ClientConfig, resolver: any HostResolver, trace: Trace, clock: PolicyClock,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.config = config
        self.resolver = resolver
        self.trace = trace
        self.clock = clock
        self.group = group
        self.tls = try TLSContext(client: config.trust, versions: config.versions)
        self.fetcher = OCSPFetcher(resolver: resolver, sourceIP: config.sourceIP, party: .client(config.name), trace: trace)
        self.verifier = OCSPVerifier(trust: config.trust, skew: config.skew.seconds)
        self.crlVerifier = CRLVerifier(trust: config.trust)
    }

    /// Forgets cached OCSP answers and CRLs (a fresh browser profile).
    public func clearCache() {
        cache.clear()
        crlCache.clear()
    }

    /// One attempt: DNS, TCP, TLS (with the revocation check of `mode`), request, response.
    public func connect(site: String, port: Int, mode: RevocationMode,
                        connection: ConnectionID = .next()) async -> ConnectionResult {
        let cancel = CancelBox()
        let future = connectFuture(site: site, port: port, mode: mode, connection: connection, cancel: cancel)
        // The future never fails: every failure becomes a result with outcome `error`. A cancelled
        // task (an interrupted run) ends its attempt at once instead of waiting for its timeout.
        return await withTaskCancellationHandler {
            (try? await future.get())
                ?? ConnectionResult(connection: connection, site: site, outcome: .error, error: "internal error")
        } onCancel: {
            cancel.fire()
        }
    }

    /// The same, as a future on one of the group's event loops.
    public func connectFuture(site: String, port: Int, mode: RevocationMode,
                              connection: ConnectionID = .next()) -> EventLoopFuture<ConnectionResult> {
        connectFuture(site: site, port: port, mode: mode, connection: connection, cancel: CancelBox())
    }

    private func connectFuture(site: String, port: Int, mode: RevocationMode, connection: ConnectionID,
                               cancel: CancelBox) -> EventLoopFuture<ConnectionResult> {
        let loop = group.next()
        let party = self.party
        let report = ClientCheckState()
        let policy = ClientRevocationPolicy(mode: mode, profile: config.profile, verifier: verifier, fetcher: fetcher,
                                            cache: config.profile.cache ? cache : nil, crlVerifier: crlVerifier,
                                            crlCache: config.profile.cache ? crlCache : nil, pushedSet: pushedSet,
                                            pushURL: config.pushURL, clock: clock, report: report)
        let handshake = loop.makePromise(of: Void.self)
        let response = loop.makePromise(of: Int.self)
        let channelBox = ChannelBox()
        trace.record(party, .attemptStart, connection: connection, detail: "\(mode) https://\(site):\(port)/")

        // One deadline for the whole attempt.
        let timeout = config.attemptTimeout
        let timer = loop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            let error = ClientError.timeout(seconds: timeout.seconds)
            handshake.fail(error)
            response.fail(error)
            channelBox.channel?.close(promise: nil)
        }
        cancel.set {
            loop.execute {
                handshake.fail(ClientError.interrupted)
                response.fail(ClientError.interrupted)
                channelBox.channel?.close(promise: nil)
            }
        }

        let tls = self.tls, trace = self.trace, sourceIP = config.sourceIP
        let attempt = resolver.resolve(site, party: party, connection: connection, on: loop)
            .flatMapErrorThrowing { throw ClientError.dns("\($0)") }
            .flatMap { ip -> EventLoopFuture<any Channel> in
                let target: SocketAddress
                do {
                    target = try SocketAddress(ipAddress: ip, port: port)
                } catch {
                    return loop.makeFailedFuture(ClientError.dns("\(site) resolved to '\(ip)'"))
                }
                trace.record(party, .tcpConnectStart, connection: connection, detail: "remote=\(target.ipAndPort)")
                var bootstrap = ClientBootstrap(group: loop)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .connectTimeout(.nanoseconds(timeout.nanoseconds))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            channelBox.channel = channel
                            try channel.pipeline.syncOperations.addHandler(
                                TLSHandler(client: tls, hostname: site, policy: policy, trace: trace, party: party,
                                           connection: connection, handshakePromise: handshake))
                            try channel.pipeline.syncOperations.addHandler(ClientHTTPHandler(host: site, done: response))
                        }
                    }
                if let source = try? SocketAddress(ipAddress: sourceIP, port: 0) {
                    bootstrap = bootstrap.bind(to: source)
                }
                return bootstrap.connect(to: target)
                    .flatMapErrorThrowing { throw ClientError.connect("\($0)") }
                    .map { channel in
                        trace.record(party, .tcpConnected, connection: connection,
                                     detail: "local=\(channel.localAddress?.ipAndPort ?? "?") remote=\(target.ipAndPort)",
                                     payload: .endpoints(local: channel.localAddress?.ipAndPort, remote: target.ipAndPort))
                        return channel
                    }
            }

        let done = loop.makePromise(of: ConnectionResult.self)
        attempt.whenComplete { connected in
            if case .failure(let error) = connected {
                handshake.fail(error)
                response.fail(error)
            }
            handshake.futureResult.and(response.futureResult).whenComplete { result in
                timer.cancel()
                let outcome: HandshakeRecord.Outcome
                var errorText = ""
                let status = report.current
                switch result {
                case .success:
                    outcome = status.softFailReason == nil ? .connected : .softFail
                    errorText = status.softFailReason ?? ""
                case .failure(let error):
                    switch error {
                    case TLSError.certificateStatusRejected(let reason):
                        outcome = .hardFail
                        errorText = reason
                    case ClientError.interrupted:
                        outcome = .interrupted
                        errorText = ClientError.interrupted.description
                    case let tlsError as TLSError:
                        outcome = .error
                        errorText = tlsError.description
                    default:
                        outcome = .error
                        errorText = (error as? ClientError)?.description ?? "\(error)"
                    }
                }
                let finalStatus = mode == .none ? "none" : status.status
                trace.record(party, .statusDecided, connection: connection,
                             detail: status.source.isEmpty ? finalStatus : "\(finalStatus) (\(status.source))",
                             payload: .status(finalStatus, source: status.source))
                trace.record(party, .attemptEnd, connection: connection,
                             detail: "\(outcome.rawValue) status=\(finalStatus)\(errorText.isEmpty ? "" : " error=\(errorText)")")
                channelBox.channel?.close(promise: nil)
                // The status, staple and version travel by the events above; the result says how it ended.
                done.succeed(ConnectionResult(connection: connection, site: site, outcome: outcome, error: errorText))
            }
        }
        return done.futureResult
    }
}

/// What to do when the attempt's task is cancelled (set once the attempt exists).
private final class CancelBox: Sendable {
    private let state = Mutex<(fired: Bool, action: (@Sendable () -> Void)?)>((false, nil))

    func set(_ action: @escaping @Sendable () -> Void) {
        let fireNow = state.withLock { value -> Bool in
            value.action = action
            return value.fired
        }
        if fireNow { action() }
    }

    func fire() {
        let action = state.withLock { value -> (@Sendable () -> Void)? in
            value.fired = true
            return value.action
        }
        action?()
    }
}

/// The attempt's channel, once made (for the deadline to close it).
private final class ChannelBox: @unchecked Sendable {
    // @unchecked Sendable: written in the channel initializer and read by the timer, both on the
    // attempt's single event loop.
    var channel: (any Channel)?
}

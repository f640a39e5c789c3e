import NIOCore
import NIOPosix
import NIOHTTP1
import StapleCore
import StaplePKI

/// The CA's OCSP responder as a real HTTP/1.1 service (RFC 6960 Appendix A, RFC 5019):
/// POST `application/ocsp-request`, or GET with the base64 request in the path; answers
/// `application/ocsp-response` with `Cache-Control: max-age`, `Last-Modified`, `ETag`.
///
/// It signs a fresh response per request (thisUpdate = the scenario clock's now), applies a
/// processing delay, and misbehaves during outage windows (refuse, hang, tryLater,
/// internalError, malformed bytes, slow). It logs every request — requester address,
/// method, the hostname behind each CertID (it is the CA: it knows what it issued) — and
/// records what it learned as observations. The log keeps every request with
/// ``ResponderConfig/keepLog`` (a run), else the last ``ResponderConfig/logCapacity``.
///
/// Hostile clients are bounded (see ``ResponderConfig``): URI and head sizes (414/431), a read
/// timeout per request, an idle timeout between requests, and a cap on open connections.
public actor ResponderActor {
    /// The actor's life.
    public enum State: Sendable, Equatable {
        /// Not started.
        case initial
        /// Listening (the listener may be closed during a `refuse` window).
        case running(SocketAddress)
        /// Stopped.
        case stopped
    }

    /// Where it stands.
    public private(set) var state: State = .initial
    private let core: ResponderCore
    private let group: any EventLoopGroup
    private var channel: (any Channel)?
    private var address: SocketAddress?
    private var scheduled: [PolicyTimer] = []
    private let stopSignal = StopSignal() // what run() waits on

    /// Makes a responder; nothing listens before ``start()``.
    public init(config: ResponderConfig, trace: Trace, clock: PolicyClock,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.core = ResponderCore(config: config, trace: trace, clock: clock)
        self.group = group
    }

    /// Binds and starts answering; returns the bound address.
    @discardableResult
    public func start() async throws -> SocketAddress {
        if case .running(let address) = state { return address }
        // Sign the first interval's CRLs before listening: a padded list takes a while to build,
        // which must not stall an event loop in the middle of the measured connections.
        core.prepareCRLs()
        let channel = try await bind(host: core.config.host, port: core.config.port)
        let address = channel.localAddress!
        self.channel = channel
        self.address = address
        core.listenAddress = address.ipAndPort
        state = .running(address)
        stopSignal.rearm()
        scheduleRefuseWindows()
        if core.currentOutage()?.kind == .refuse { await closeListener() }
        return address
    }

    /// Starts if needed, runs until the task is cancelled or ``stop()`` is called, then stops.
    public func run() async throws {
        try await start()
        await stopSignal.wait()
        await stop()
    }

    /// Stops listening and cancels pending window changes.
    public func stop() async {
        state = .stopped
        stopSignal.fire()
        for task in scheduled { task.cancel() }
        scheduled.removeAll()
        await closeListener()
    }

    /// The requests logged: every one when the configuration's `keepLog` is on (as a run
    /// needs), else the last `logCapacity`, oldest first.
    public var requests: [ResponderRequest] { core.requests }

    /// How many requests it received, kept in ``requests`` or not.
    public var requestCount: Int { core.requestCount }

    /// The logged requests numbered `sequence` or later (the first request ever is 0), and the
    /// number the next request will get: a reader passing `next` back each time sees every
    /// request once, except those dropped meanwhile from a bounded log.
    public func requests(since sequence: Int) -> (requests: [ResponderRequest], next: Int) {
        core.requests(since: sequence)
    }

    /// The requests logged so far, oldest first, removing them from the log (``requestCount``
    /// goes on): a run too long to keep whole takes its log piece by piece.
    public func drainRequests() -> [ResponderRequest] { core.drainRequests() }

    /// Connections open now.
    public var openConnections: Int { core.connections.count }

    /// The address it listens on (also during a refuse window).
    public var listenAddress: SocketAddress? { address }

    // MARK: - Listener

    private func bind(host: String, port: Int) async throws -> any Channel {
        let core = self.core
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 1024)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard core.connections.admit() else {
                        // At the cap: accept and close at once, so the listener never spins on EMFILE.
                        try channel.pipeline.syncOperations.addHandler(RefusingHandler())
                        return
                    }
                    channel.closeFuture.whenComplete { _ in core.connections.release() }
                    try channel.pipeline.syncOperations.addHandler(ResponderConnectionGuard(core: core))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ResponderHTTPHandler(core: core))
                }
            }
            .bind(host: host, port: port).get()
    }

    /// Closes or reopens the listener to match the policy clock's time now (inside a `refuse`
    /// window: closed). Both edges of a window call this, in whatever order their tasks reach the
    /// actor, so one advance across a whole window (both alarms at once) leaves it open.
    private func syncListener() async {
        if core.currentOutage()?.kind == .refuse {
            await closeListener()
        } else {
            await reopenListener()
        }
    }

    private func closeListener() async {
        guard let channel else { return }
        self.channel = nil
        try? await channel.close()
    }

    private func reopenListener() async {
        guard case .running = state, channel == nil, let address, let port = address.port else { return }
        do {
            let reopened = try await bind(host: core.config.host, port: port)
            // stop() may have run while binding: then the new listener must not stay open.
            guard case .running = state, channel == nil else {
                try? await reopened.close()
                return
            }
            channel = reopened
        } catch {
            core.trace.record(core.party, .linkFault, detail: "could not listen again on \(address.ipAndPort): \(error)")
        }
    }

    /// A `refuse` outage closes the listener for its window, so connections really are refused.
    /// On the policy clock (a manual clock's windows open and close when the test advances it);
    /// an open window (`to` infinite) never reopens, a window already begun is handled at start.
    private func scheduleRefuseWindows() {
        let loop = group.next()
        let now = core.clock.elapsed()
        for outage in core.config.outages where outage.kind == .refuse {
            if outage.window.start > now {
                scheduled.append(PolicyTimer(at: core.clock.epoch + outage.window.start, clock: core.clock, on: loop) {
                    Task { await self.syncListener() }
                })
            }
            if outage.window.end.isFinite, outage.window.end > now {
                scheduled.append(PolicyTimer(at: core.clock.epoch + outage.window.end, clock: core.clock, on: loop) {
                    Task { await self.syncListener() }
                })
            }
        }
    }
}

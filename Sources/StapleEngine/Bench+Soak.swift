import Foundation
import Synchronization
import NIOCore
import NIOPosix
import NIOHTTP1
import StapleCore
import StaplePKI
import StapleActors

extension Bench {
    /// One soak: many operations against one long-running actor, with the process's resident
    /// memory sampled as it goes. A figure, not a test: flat memory is what `serve` promises.
    public struct SoakRow: Sendable {
        /// What was soaked.
        public var setting: String
        /// Operations asked for.
        public var operations: Int
        /// Operations answered as expected (HTTP 200 with an OCSP body; a TLS handshake + 200).
        public var answered: Int
        /// Wall time, seconds.
        public var seconds: Double
        /// Resident memory before the first operation, MB.
        public var startMB: Double
        /// (operations done, resident MB) at each tenth of the way.
        public var samples: [(done: Int, residentMB: Double)]

        /// Growth from the first sample (after 10 %: warm caches and pools) to the last, MB.
        public var growthMB: Double { (samples.last?.residentMB ?? startMB) - (samples.first?.residentMB ?? startMB) }
        /// The same per 100,000 operations after the first tenth, KB.
        public var growthKBPer100k: Double {
            guard let first = samples.first, let last = samples.last, last.done > first.done else { return 0 }
            return growthMB * 1024 * 100_000 / Double(last.done - first.done)
        }
    }

    /// The most operations one soak takes (a bound, so a typo cannot run for a day).
    public static let soakRange = 100...100_000_000

    /// The process's current resident memory, MB (VmRSS in /proc/self/status; 0 without /proc).
    public static func residentMB() -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }

    /// The responder as `serve responder` runs it (bounded log and trace) over `requests` real
    /// HTTP GET requests on `connections` keep-alive loopback connections.
    public static func soakResponder(requests: Int, connections: Int = 8,
                                     group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                                     progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> SoakRow {
        let plan = AddressPlan.next()
        let pki = try TestPKI.make(.init(sites: [.init(host: "example.com")], ocspURL: "http://\(plan.responder)/"))
        let responder = ResponderActor(config: ResponderConfig(host: plan.responder, authorities: pki.authorities()),
                                       trace: Trace(capacity: 10_000), clock: PolicyClock(), group: group)
        let address = try await responder.start()
        let leaf = try pki.leaf(for: "example.com").map(\.certificate).unwrap("no leaf for example.com")
        let issuer = try pki.issuer(of: leaf).unwrap("no issuer for example.com")
        let path = "/" + Base64.urlEscape(Base64.encode(try OCSPRequest(certificate: leaf, issuer: issuer).der()))
        let counter = SoakCounter(total: requests, samples: 10, progress: progress)
        let start = Date()
        let startMB = residentMB()
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for _ in 0..<max(1, min(connections, requests)) {
                    tasks.addTask {
                        let done = group.next().makePromise(of: Void.self)
                        let handler = SoakHTTPClient(path: path, counter: counter, done: done)
                        let channel = try await ClientBootstrap(group: group)
                            .channelOption(.socketOption(.tcp_nodelay), value: 1)
                            .channelInitializer { channel in
                                channel.pipeline.addHTTPClientHandlers().flatMap { channel.pipeline.addHandler(handler) }
                            }
                            .connect(to: address).get()
                        try await done.futureResult.get()
                        try? await channel.close()
                    }
                }
                try await tasks.waitForAll()
            }
        } catch {
            await responder.stop()
            throw error
        }
        let seconds = Date().timeIntervalSince(start)
        await responder.stop()
        return SoakRow(setting: "responder, \(connections) keep-alive connections, bounded log", operations: requests,
                       answered: counter.answered, seconds: seconds, startMB: startMB, samples: counter.samples)
    }

    /// The built-in TLS server as `serve server` runs it (bounded trace, no stapling) over
    /// `handshakes` full TLS handshakes, each a new connection with one request, `concurrency`
    /// at a time, from the built-in client (revocation mode `none`, no trace).
    public static func soakServer(handshakes: Int, concurrency: Int = 8,
                                  group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                                  progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> SoakRow {
        let plan = AddressPlan.next()
        let pki = try TestPKI.make(.init(sites: [.init(host: "example.com")], ocspURL: "http://\(plan.responder)/"))
        let hosts = StaticHosts(["example.com": plan.server])
        let server = try ServerActor(config: ServerConfig(name: "example.com", host: plan.server, pki: pki, stapling: false),
                                     resolver: hosts, trace: Trace(capacity: 10_000), clock: PolicyClock(), group: group)
        let address = try await server.start()
        let port = address.port ?? 443
        let client = try ClientActor(config: ClientConfig(name: "soak", sourceIP: plan.client(0), profile: .firefox,
                                                          trust: try pki.trustStore()),
                                     resolver: hosts, trace: Trace(enabled: false), clock: PolicyClock(), group: group)
        let counter = SoakCounter(total: handshakes, samples: 10, progress: progress)
        let start = Date()
        let startMB = residentMB()
        await withTaskGroup(of: Void.self) { tasks in
            for _ in 0..<max(1, min(concurrency, handshakes)) {
                tasks.addTask {
                    while counter.claim() {
                        let result = await client.connect(site: "example.com", port: port, mode: .none)
                        counter.finished(ok: result.outcome == .connected)
                    }
                }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        await server.stop()
        return SoakRow(setting: "TLS server, \(concurrency) at a time, bounded trace", operations: handshakes,
                       answered: counter.answered, seconds: seconds, startMB: startMB, samples: counter.samples)
    }
}

/// Counts a soak's operations, hands out the next one, and samples memory every tenth.
final class SoakCounter: Sendable {
    private struct State {
        var claimed = 0
        var finished = 0
        var answered = 0
        var samples: [(done: Int, residentMB: Double)] = []
    }
    private let state = Mutex(State())
    private let total: Int
    private let every: Int
    private let progress: @Sendable (Int) -> Void

    init(total: Int, samples: Int, progress: @escaping @Sendable (Int) -> Void) {
        self.total = total
        self.every = max(1, total / samples)
        self.progress = progress
    }

    /// Takes the next operation; false when all were handed out.
    func claim() -> Bool {
        state.withLock { state in
            guard state.claimed < total else { return false }
            state.claimed += 1
            return true
        }
    }

    /// Records one finished operation.
    func finished(ok: Bool) {
        let sample: Int? = state.withLock { state in
            state.finished += 1
            if ok { state.answered += 1 }
            guard state.finished % every == 0 else { return nil }
            state.samples.append((state.finished, Bench.residentMB()))
            return state.finished
        }
        if let sample { progress(sample) }
    }

    var answered: Int { state.withLock { $0.answered } }
    var samples: [(done: Int, residentMB: Double)] { state.withLock { $0.samples } }
}

/// A keep-alive HTTP client that sends the same GET, one at a time, while the counter hands
/// out requests; completes `done` when none are left (or fails it when the connection ends early).
final class SoakHTTPClient: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked Sendable: used only on its channel's event loop after being added.
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let path: String
    private let counter: SoakCounter
    private let done: EventLoopPromise<Void>
    private var status: HTTPResponseStatus?
    private var bodyBytes = 0
    private var finished = false
    /// Fails the soak if the answer to the request in flight takes longer than this.
    static let answerTimeout: TimeAmount = .seconds(10)
    private var answerTimer: Scheduled<Void>?

    init(path: String, counter: SoakCounter, done: EventLoopPromise<Void>) {
        self.path = path
        self.counter = counter
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        sendNext(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
            bodyBytes = 0
        case .body(let body):
            bodyBytes += body.readableBytes
        case .end:
            answerTimer?.cancel()
            counter.finished(ok: status == .ok && bodyBytes > 0)
            sendNext(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        answerTimer?.cancel()
        finish(BenchSoakError.connectionClosed)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(error)
        context.close(promise: nil)
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard counter.claim() else {
            finish(nil)
            return
        }
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: "ocsp.soak")
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        answerTimer = context.eventLoop.scheduleTask(in: SoakHTTPClient.answerTimeout) {
            let (client, context) = bound.value
            client.finish(BenchSoakError.noAnswer)
            context.close(promise: nil)
        }
    }

    private func finish(_ error: (any Error)?) {
        guard !finished else { return }
        finished = true
        if let error { done.fail(error) } else { done.succeed(()) }
    }
}

/// Why a soak stopped.
public enum BenchSoakError: Error, CustomStringConvertible {
    /// The responder closed a keep-alive connection before every request was answered.
    case connectionClosed
    /// A request had no answer within ``SoakHTTPClient/answerTimeout``.
    case noAnswer
    /// Something the soak needs is missing.
    case missing(String)

    /// The message.
    public var description: String {
        switch self {
        case .connectionClosed: "the responder closed a keep-alive connection before the soak ended"
        case .noAnswer: "a request had no answer within 10 s"
        case .missing(let what): what
        }
    }
}

extension Optional {
    /// The value, or ``BenchSoakError/missing(_:)``.
    fileprivate func unwrap(_ what: String) throws -> Wrapped {
        guard let self else { throw BenchSoakError.missing(what) }
        return self
    }
}

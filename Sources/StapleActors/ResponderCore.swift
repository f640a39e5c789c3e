import NIOCore
import NIOHTTP1
import Synchronization
import StapleCore
import StaplePKI

/// The responder's shared state: configuration, the signing responder, the request log.
/// Shared by every connection's handler across event loops.
final class ResponderCore: Sendable {
    let config: ResponderConfig
    let responder: OCSPResponder
    let trace: Trace
    let clock: PolicyClock
    let party: Party
    let log: Mutex<RingLog<ResponderRequest>>
    /// The CRLs it publishes, if any.
    let crls: CRLStore?
    private let listen = Mutex<String>("")
    /// Connections open now, against `maxConnections`.
    let connections: ConnectionCounter

    init(config: ResponderConfig, trace: Trace, clock: PolicyClock) {
        self.config = config
        self.trace = trace
        self.clock = clock
        self.party = .responder(config.name)
        self.connections = ConnectionCounter(limit: config.maxConnections)
        self.log = Mutex(RingLog(capacity: config.keepLog ? nil : config.logCapacity))
        self.responder = OCSPResponder(authorities: config.authorities) { _, host in
            ResponderCore.status(of: host, at: clock.now(), in: config)
        }
        self.crls = try? config.crl.map(CRLStore.init)
    }

    /// What the CA says about `host`'s certificate at scenario time `time` (Unix seconds).
    func status(of host: String, at time: Double) -> CertStatus {
        ResponderCore.status(of: host, at: time, in: config)
    }

    /// A scheduled revocation from its time on, else the configured status (missing: good).
    static func status(of host: String, at time: Double, in config: ResponderConfig) -> CertStatus {
        if let scheduled = config.revocations[host], case .revoked(let revokedAt, _) = scheduled {
            return time >= revokedAt ? scheduled : .good
        }
        return config.statuses[host] ?? .good
    }

    /// The address it listens on, for observations.
    var listenAddress: String {
        get { listen.withLock { $0 } }
        set { listen.withLock { $0 = newValue } }
    }

    /// The requests kept (every one with `keepLog`, else the last `logCapacity`), oldest first.
    var requests: [ResponderRequest] { log.withLock { $0.elements } }

    /// How many requests it received (kept or not).
    var requestCount: Int { log.withLock { $0.total } }

    /// The requests kept so far, oldest first, removing them (the count goes on).
    func drainRequests() -> [ResponderRequest] { log.withLock { $0.removeAll() } }

    /// The kept requests numbered `sequence` or later (the first request ever is 0), and the
    /// number the next request will get.
    func requests(since sequence: Int) -> (requests: [ResponderRequest], next: Int) {
        log.withLock { ($0.elements(since: sequence), $0.total) }
    }

    /// Logs a request refused before it was read in full (too long a URI or head).
    func logRefused(method: String, requester: String, answer: String, received: Instant) {
        let entry = ResponderRequest(time: received, requester: requester, method: method, hostnames: [], serials: [],
                                     answer: answer, bytes: 0, outage: currentOutage()?.kind)
        log.withLock { $0.append(entry) }
        trace.record(party, .ocspResponseSent, detail: "\(method) from \(requester): \(answer)", payload: .responderAnswer(requester: "\(requester)", answer: "\(answer)"),
                     at: .now())
    }

    /// The outage in force now, if any.
    func currentOutage() -> ResponderOutage? {
        let elapsed = clock.elapsed()
        return config.outages.first { $0.contains(elapsed) }
    }

    /// What to send for one request, and when.
    struct Reply {
        var status: HTTPResponseStatus
        var body: [UInt8]
        var headers: [(String, String)]
        var delay: Delay
        var answer: String
    }

    /// Handles one HTTP request: nil means "never answer" (a hang outage).
    func handle(method: HTTPMethod, uri: String, body: [UInt8], requester: String, received: Instant) -> Reply? {
        if method == .GET, let crls, let shard = crls.shard(at: uri) {
            return crlReply(shard: shard, store: crls, requester: requester, received: received)
        }
        let outage = currentOutage()
        var hostnames: [String] = []
        var serials: [String] = []
        var reply: Reply?
        defer {
            let entry = ResponderRequest(time: received, requester: requester, method: method.rawValue,
                                         hostnames: hostnames, serials: serials, answer: reply?.answer ?? "no answer",
                                         bytes: reply?.body.count ?? 0, outage: outage?.kind)
            log.withLock { $0.append(entry) }
            trace.record(party, .ocspResponseSent, bytes: entry.bytes,
                         detail: "\(method.rawValue) from \(requester): \(entry.answer)", payload: .responderAnswer(requester: "\(requester)", answer: "\(entry.answer)"),
                         at: .now())
        }
        // What was asked: the responder parses the request even when it will not answer,
        // and learns which certificate (so which hostname) the requester cares about.
        let der: [UInt8]?
        switch method {
        case .POST: der = body
        case .GET: der = OCSPGETPath.der(from: uri)
        default:
            reply = Reply(status: .methodNotAllowed, body: [], headers: [("Allow", "GET, POST")], delay: .zero,
                          answer: "method not allowed")
            return reply
        }
        let parsed = der.flatMap { try? OCSPRequest(der: $0) }
        if let parsed {
            for id in parsed.certIDs {
                serials.append(id.serialHex)
                if let host = config.authorities.lazy.compactMap({ $0.issued[id.serialHex] }).first {
                    hostnames.append(host)
                    trace.observe(Observation(observer: party, observerAddress: listenAddress, hostname: host,
                                              clientAddress: ResponderCore.ip(of: requester), via: .ocspCertID,
                                              time: received))
                }
            }
        }
        let delay = config.processingDelay.seconds + (outage?.kind.delay.seconds ?? 0)
        switch outage?.kind {
        case .hang?:
            return nil
        case .tryLater?:
            reply = ocspReply(OCSPResponder.errorResponse(.tryLater), answer: "tryLater", delay: delay)
        case .internalError?:
            reply = ocspReply(OCSPResponder.errorResponse(.internalError), answer: "internalError", delay: delay)
        case .malformed?:
            reply = ocspReply(Array("<html>503 Service Unavailable</html>".utf8), answer: "malformed-bytes", delay: delay)
        case .refuse?, .slow?, nil:
            guard let parsed else {
                reply = ocspReply(OCSPResponder.errorResponse(.malformedRequest), answer: "malformedRequest", delay: delay)
                return reply
            }
            let timing = OCSPResponder.Timing(now: clock.now(), validity: config.validity?.seconds)
            let result = responder.respond(to: parsed, timing: timing)
            let answer = result.responseStatus == .successful
                ? result.answers.map(\.status.name).joined(separator: ",")
                : result.responseStatus.description
            reply = ocspReply(result.der, answer: answer, delay: delay, timing: result.responseStatus == .successful ? timing : nil)
        }
        return reply
    }

    private func ocspReply(_ body: [UInt8], answer: String, delay: Double,
                           timing: OCSPResponder.Timing? = nil) -> Reply {
        var headers: [(String, String)] = [("Content-Type", "application/ocsp-response")]
        if let timing {
            let maxAge = config.maxAge?.seconds ?? config.validity?.seconds ?? 0
            headers.append(("Cache-Control", "max-age=\(Int(maxAge)), public, no-transform, must-revalidate"))
            headers.append(("Last-Modified", HTTPDate.format(timing.now)))
            if let validity = timing.validity { headers.append(("Expires", HTTPDate.format(timing.now + validity))) }
            headers.append(("ETag", "\"\(ResponderCore.fnv1a(body))\""))
        } else {
            headers.append(("Cache-Control", "no-store"))
        }
        return Reply(status: .ok, body: body, headers: headers, delay: Delay(seconds: delay), answer: answer)
    }

    static func ip(of address: String) -> String {
        guard let colon = address.lastIndex(of: ":") else { return address }
        return String(address[..<colon])
    }

    /// A 64-bit FNV-1a hash, hex: a cheap strong-enough ETag.
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}

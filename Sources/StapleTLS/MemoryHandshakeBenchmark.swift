import Glibc
import NIOCore
import NIOPosix
import StapleCore
import StaplePKI

/// Full TLS handshakes between a client and a server ``TLSConnection`` in one thread, bytes
/// passed through memory BIOs with no network: the floor the whole harness is measured against.
public enum MemoryHandshakeBenchmark {
    /// What the client and server do about status.
    public enum Variant: String, Sendable, CaseIterable {
        /// No status_request at all.
        case noStatus = "no status"
        /// The server staples; the client takes it without checking.
        case staple = "staple"
        /// The server staples; the client verifies it (signature, CertID, freshness).
        case stapleVerified = "staple + verify"
    }

    /// One measurement.
    public struct Result: Sendable {
        /// What was measured.
        public var variant: Variant
        /// Handshakes completed.
        public var handshakes: Int
        /// Wall time, seconds.
        public var seconds: Double
        /// Handshakes per second.
        public var perSecond: Double { Double(handshakes) / seconds }
        /// Each completed handshake's own duration, ms, in order (the pauses between them not included).
        public var durationsMs: [Double] = []
    }

    /// A policy that asks for a staple and accepts it unchecked (the `staple` variant).
    struct TakeStaple: CertificateStatusPolicy {
        var requestsStaple: Bool { true }
        func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation {
            .decided(.accept(peer.staple == nil ? "no staple" : "taken"))
        }
        func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
            connection.eventLoop.makeSucceededFuture(.accept("no fetch"))
        }
    }

    /// A policy that verifies the staple (the `staple + verify` variant).
    struct VerifyStaple: CertificateStatusPolicy {
        let verifier: OCSPVerifier
        let now: Double
        var requestsStaple: Bool { true }
        func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation {
            guard let staple = peer.staple, let issuer = peer.issuer else { return .decided(.reject("no staple")) }
            let verdict = verifier.verify(staple, certificate: peer.leaf, issuer: issuer, now: now)
            if case .good = verdict { return .decided(.accept("good")) }
            return .decided(.reject(verdict.description))
        }
        func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
            connection.eventLoop.makeSucceededFuture(.reject("no fetch"))
        }
    }

    /// Runs `count` handshakes of `variant` (TLS 1.3, ECDSA P-256, X25519) and times them; with
    /// `pause`, the thread sleeps that long before each handshake (what the CPU work of a handshake
    /// costs after the machine sat idle, as between the hops of a delayed run).
    public static func run(_ variant: Variant, count: Int, version: TLSVersion = .tls13, pause: Duration = .zero) throws -> Result {
        let pki = try TestPKI.make(.init(sites: [.init(host: "example.com")], ocspURL: "http://ocsp.ca.test/"))
        let now = PolicyClock().now()
        let leaf = pki.leaves[0].identity.certificate
        let staple = OCSPResponder(authorities: pki.authorities(), status: { _, _ in .good })
            .respond(to: try OCSPRequest(certificate: leaf, issuer: pki.issuingCA.certificate),
                     timing: .init(now: now, validity: 86_400)).der
        let server = try TLSContext(server: pki.leaves.map { ($0.host, $0.identity) }, versions: version ... version)
        let client = try TLSContext(client: try pki.trustStore(), versions: version ... version)
        let policy: any CertificateStatusPolicy
        let provider: any StapleProvider
        switch variant {
        case .noStatus:
            policy = NoStatusCheck(); provider = NoStaple()
        case .staple:
            policy = TakeStaple(); provider = FixedStaple(staple)
        case .stapleVerified:
            policy = VerifyStaple(verifier: OCSPVerifier(trust: try pki.trustStore()), now: now)
            provider = FixedStaple(staple)
        }
        let trace = Trace(enabled: false)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let start = Instant.now()
        var completed = 0
        var buffer = [UInt8](repeating: 0, count: 32_768)
        var durations: [Double] = []
        durations.reserveCapacity(count)
        var paused = Duration.zero
        for _ in 0..<count {
            if pause > .zero {
                let before = Instant.now()
                var wait = timespec(tv_sec: Int(pause.components.seconds), tv_nsec: Int(pause.components.attoseconds / 1_000_000_000))
                var left = timespec()
                while nanosleep(&wait, &left) == -1 && errno == EINTR { wait = left }
                paused += .nanoseconds(Int64(Instant.now().nanoseconds - before.nanoseconds))
            }
            let handshakeStart = Instant.now()
            let c = try TLSConnection(client: client, hostname: "example.com", policy: policy,
                                      connectionContext: TLSConnectionContext(eventLoop: loop, trace: trace,
                                                                              party: .client("bench"), connection: .none))
            let s = try TLSConnection(server: server, provider: provider,
                                      connectionContext: TLSConnectionContext(eventLoop: loop, trace: trace,
                                                                              party: .server("bench"), connection: .none))
            var clientDone = false, serverDone = false
            for _ in 0..<10 where !(clientDone && serverDone) {
                if !clientDone { clientDone = try step(c) }
                try move(from: c, to: s, &buffer)
                if !serverDone { serverDone = try step(s) }
                try move(from: s, to: c, &buffer)
            }
            if clientDone && serverDone {
                completed += 1
                durations.append(Instant.now().milliseconds(since: handshakeStart))
            }
        }
        let pausedSeconds = Double(paused.components.seconds) + Double(paused.components.attoseconds) / 1e18
        var result = Result(variant: variant, handshakes: completed,
                            seconds: Instant.now().milliseconds(since: start) / 1000 - pausedSeconds)
        result.durationsMs = durations
        return result
    }

    private static func step(_ connection: TLSConnection) throws -> Bool {
        switch connection.handshake() {
        case .complete: return true
        case .wantRead: return false
        case .failed(let error): throw error
        case .pausedForStatusFetch, .pausedForStapleFetch: throw TLSError.stapleProviderFailed("unexpected pause")
        }
    }

    private static func move(from: TLSConnection, to: TLSConnection, _ scratch: inout [UInt8]) throws(TLSError) {
        var failure: TLSError?
        from.drainOutput { count, fill in
            if scratch.count < count { scratch = [UInt8](repeating: 0, count: count) }
            let n = scratch.withUnsafeMutableBytes { fill(UnsafeMutableRawBufferPointer(rebasing: $0[0..<count])) }
            failure = scratch.withUnsafeBytes { to.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        if let failure { throw failure }
    }
}

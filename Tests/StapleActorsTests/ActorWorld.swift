import Foundation
import NIOCore
import NIOPosix
import Synchronization
import StapleCore
import StaplePKI
import StapleTestSupport
import Testing
@testable import StapleActors

/// Unique loopback addresses per test, so parallel tests never collide: 127.A.B.x with
/// A random per process and B counting up.
enum TestAddresses {
    private static let counter = Atomic<Int>(0)
    private static let a = Int.random(in: 20...230)

    /// A fresh 127.A.B prefix.
    static func nextPrefix() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        return "127.\(a + n / 250).\(n % 250 + 1)"
    }
}

/// A PKI, a responder, a server and clients on fresh loopback addresses, wired by a static
/// name table (no DNS traffic: DNS has its own tests). The responders and servers it makes are
/// stopped (awaited) when the test ends, passed or failed: suites using it need `.awaitsTeardown`.
struct ActorWorld {
    let prefix: String
    let pki: TestPKI
    let trace = Trace()
    let clock: PolicyClock
    let responderIP: String
    let serverIP: String
    static let responderPort = 8080
    static let serverPort = 8443

    /// `clock`: real time by default; tests of policy times pass `.manual()` and advance it.
    /// `mustStaple`: both leaves carry must-staple.
    /// `crl`: the leaves name the responder's `/crl/0.crl` as their CRL distribution point;
    /// `validity`: the leaves' validity window (default: ``Validity/standard``).
    init(mustStaple: Bool = false, intermediate: Bool = false, clock: PolicyClock = PolicyClock(),
         crl: Bool = false, validity: Validity? = nil) throws {
        prefix = TestAddresses.nextPrefix()
        responderIP = prefix + ".2"
        serverIP = prefix + ".3"
        self.clock = clock
        let crlURL = crl ? ActorWorld.crlURL : nil
        pki = try TestPKI.make(.init(sites: [.init(host: "example.com", mustStaple: mustStaple, crlURL: crlURL, validity: validity),
                                            .init(host: "revoked.test", mustStaple: mustStaple, crlURL: crlURL, validity: validity)],
                                     ocspURL: "http://ocsp.ca.test:\(ActorWorld.responderPort)/",
                                     intermediate: intermediate,
                                     intermediateCRLURL: crl && intermediate ? ActorWorld.caListURL : nil))
    }

    var hosts: StaticHosts {
        StaticHosts(["ocsp.ca.test": responderIP, "example.com": serverIP, "revoked.test": serverIP])
    }

    /// Where a responder made with `pushInterval` publishes the pushed set.
    static let pushURL = "http://ocsp.ca.test:\(ActorWorld.responderPort)" + CRLPublication.pushedSetPath

    /// The CRL distribution point of a world made with `crl: true`.
    static let crlURL = "http://ocsp.ca.test:\(ActorWorld.responderPort)/crl/0.crl"

    /// The intermediate's CRL distribution point (the root's list of its CAs) with `crl: true, intermediate: true`.
    static let caListURL = "http://ocsp.ca.test:\(ActorWorld.responderPort)" + CRLPublication.caListPath

    /// `revokeAt`: `revoked.test` is good until this many scenario seconds after the clock's
    /// start, revoked from then on.
    /// `crlInterval`: also publish the issuing CA's CRL (both leaves, one shard) at `/crl/0.crl`,
    /// reissued every `crlInterval`, padded with `crlPadding` other serials; with an intermediate,
    /// also the root's list of it at ``caListURL`` (`intermediateRevoked`: listed, key compromise).
    func responder(delay: Delay = .zero, validity: Delay? = .seconds(7 * 86_400),
                   outages: [ResponderOutage] = [], crlInterval: Delay? = nil, crlPadding: Int = 0,
                   revokeAt: Double? = nil, pushInterval: Delay? = nil, intermediateRevoked: Bool = false) -> ResponderActor {
        let members = pki.leaves.map { ($0.host, $0.identity.certificate) }
        let intermediateName = pki.intermediate?.certificate.commonName ?? "intermediate"
        var publication = crlInterval.map { interval in
            CRLPublication(shards: [.init(path: "/crl/0.crl", url: ActorWorld.crlURL, issuer: pki.issuingCA,
                                          members: members, partitioned: false)]
                               + (pki.intermediate.map { ca in
                                   [.init(path: CRLPublication.caListPath, url: ActorWorld.caListURL, issuer: pki.root,
                                          members: [(intermediateName, ca.certificate)], partitioned: false, padded: false)]
                               } ?? []),
                           padding: crlPadding, interval: interval)
        }
        var statuses: [String: CertStatus] = ["revoked.test": .revoked(time: 1_700_000_000, reason: .keyCompromise)]
        if intermediateRevoked { statuses[intermediateName] = .revoked(time: 1_700_000_000, reason: .keyCompromise) }
        if let pushInterval {
            publication = CRLPublication(shards: [.init(path: CRLPublication.pushedSetPath, url: ActorWorld.pushURL,
                                                        issuer: pki.root, members: members, partitioned: false)],
                                         padding: crlPadding, interval: pushInterval)
        }
        let responder = ResponderActor(config: ResponderConfig(host: responderIP, port: ActorWorld.responderPort,
                                               authorities: pki.authorities(),
                                               statuses: statuses,
                                               revocations: revokeAt.map {
                                                   ["revoked.test": .revoked(time: clock.epoch + $0, reason: .keyCompromise)]
                                               } ?? [:],
                                               processingDelay: delay, validity: validity, outages: outages,
                                               crl: publication),
                       trace: trace, clock: clock)
        Teardown.add { await responder.stop() }
        return responder
    }

    func server(policy: StaplingPolicy = .lazy, stapling: Bool = true, verify: Bool = true,
                responderTimeout: Delay = .seconds(10), workers: Int = 1,
                cacheDirectory: String? = nil) throws -> ServerActor {
        let server = try ServerActor(config: ServerConfig(name: "example.com", host: serverIP, port: ActorWorld.serverPort, pki: pki,
                                             stapling: stapling, verify: verify, policy: policy, workers: workers,
                                             responderTimeout: responderTimeout, cacheDirectory: cacheDirectory),
                        resolver: hosts, trace: trace, clock: clock)
        Teardown.add { await server.stop() }
        return server
    }

    func client(_ name: String = "Alice", number: Int = 1, profile: RevocationProfile = .firefox,
                pushURL: String? = nil) throws -> ClientActor {
        try ClientActor(config: ClientConfig(name: name, sourceIP: "\(prefix).\(100 + number)", profile: profile,
                                             trust: try pki.trustStore(), pushURL: pushURL),
                        resolver: hosts, trace: trace, clock: clock)
    }

    /// Polls `condition` every 10 ms for at most `seconds` (a bound on failing, not on the
    /// machine's speed: a condition that holds returns as soon as it does).
    static func eventually(within seconds: Double = 30, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return await condition()
    }

    /// Why the server sent no staple in its latest handshake (`tls.staple-not-sent`'s detail),
    /// or nil if it stapled or has not handshaken.
    func lastStapleNotSent() -> String? {
        let server = trace.events.filter { $0.party == .server("example.com") && ($0.kind == .stapleSent || $0.kind == .stapleNotSent) }
        guard let last = server.last, last.kind == .stapleNotSent else { return nil }
        return last.detail
    }
}

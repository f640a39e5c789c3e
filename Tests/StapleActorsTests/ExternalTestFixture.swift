import Foundation
import NIOCore
import Testing
import StapleCore
import StaplePKI
import StapleTLS
@testable import StapleActors

/// A PKI on disk, a real OCSP responder, and a private working folder for a real server,
/// for the nginx and Apache tests. Removes its folder when released.
final class ExternalTestFixture {
    /// The folder holding `pki/` and `server/` (mode 0755: Apache's children must enter it).
    let folder: String
    let pki: TestPKI
    let pkiFolder: String
    let client: TLSContext
    let verifier: OCSPVerifier
    /// The loopback address the server listens on.
    let serverHost: String
    /// The loopback address the responder listens on.
    let responderHost: String

    static let hosts = ["example.com", "second.test"]

    /// `slot` picks distinct loopback addresses, so parallel tests are told apart in logs.
    init(slot: Int, intermediate: Bool = true, delegatedSigner: Bool = false, ocspURL: String = "http://ocsp.ca.test/") throws {
        folder = "/tmp/staplebench-external-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        pkiFolder = folder + "/pki"
        pki = try TestPKI.make(.init(sites: ExternalTestFixture.hosts.map { .init(host: $0) },
                                     ocspURL: ocspURL, intermediate: intermediate,
                                     delegatedSigner: delegatedSigner))
        try pki.write(to: pkiFolder)
        client = try TLSContext(client: try pki.trustStore())
        verifier = OCSPVerifier(trust: try pki.trustStore())
        serverHost = ExternalTestFixture.serverHost(slot)
        responderHost = ExternalTestFixture.responderHost(slot)
    }

    /// The server's address for `slot`.
    static func serverHost(_ slot: Int) -> String { "127.0.70.\(2 * slot)" }
    /// The responder's address for `slot`.
    static func responderHost(_ slot: Int) -> String { "127.0.70.\(2 * slot + 1)" }

    /// A fixture whose certificates name a responder URL on a free port (their AIA), and that port.
    static func withAIAResponder(slot: Int) throws -> (fixture: ExternalTestFixture, port: Int) {
        let port = try ExternalPortProbe.freePort(host: responderHost(slot))
        return (try ExternalTestFixture(slot: slot, ocspURL: "http://\(responderHost(slot)):\(port)/"), port)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// A server config for this PKI; the responder URL is the caller's.
    func serverConfig(_ kind: ExternalServerKind, responderURL: String?) -> ExternalServerConfig {
        ExternalServerConfig(kind: kind, host: serverHost,
                             sites: ExternalTestFixture.hosts.map { .pki(pkiFolder, host: $0) },
                             responderURL: responderURL, trustedCertificatePath: pkiFolder + "/ca.pem",
                             workingDirectory: folder + "/server")
    }

    /// A responder for this PKI on its own address.
    func responder(port: Int = 0, statuses: [String: CertStatus] = [:], delay: Delay = .zero,
                   outages: [ResponderOutage] = [], clock: PolicyClock = PolicyClock()) -> ResponderActor {
        ResponderActor(config: ResponderConfig(host: responderHost, port: port, authorities: pki.authorities(),
                                               statuses: statuses, processingDelay: delay, outages: outages),
                       trace: Trace(), clock: clock)
    }

    /// `http://IP:PORT/`.
    static func url(_ address: SocketAddress) -> String { "http://\(address.ipAddress!):\(address.port!)/" }

    /// What the staple says about `host`'s certificate, checked as a careful client checks it.
    func verdict(_ staple: [UInt8], host: String = "example.com") -> OCSPVerdict {
        let leaf = pki.leaf(for: host)!
        let issuer = pki.issuer(of: leaf.certificate)!
        return verifier.verify(staple, certificate: leaf.certificate, issuer: issuer, untrusted: leaf.chain,
                               now: Date().timeIntervalSince1970)
    }

    /// One handshake and request to the server.
    func probe(_ address: SocketAddress, host: String = "example.com",
               from source: String? = nil) async throws -> ExternalTLSProbe.Result {
        let result = try await ExternalTLSProbe.connect(to: address, hostname: host, tls: client, from: source)
        #expect(result.response.hasPrefix("HTTP/1.1 200"), "\(result.response)")
        #expect(result.response.hasSuffix("\r\n\r\nok"), "\(result.response)")
        return result
    }

    /// Runs `body` with the server started, and stops it whatever happens.
    static func withServer<T>(_ config: ExternalServerConfig,
                              _ body: (ExternalServer, SocketAddress) async throws -> T) async throws -> T {
        let server = ExternalServer(config: config)
        do {
            let address = try await server.start()
            let result = try await body(server, address)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Runs `body` with the responder started, and stops it whatever happens.
    static func withResponder<T>(_ responder: ResponderActor, _ body: (SocketAddress) async throws -> T) async throws -> T {
        do {
            let address = try await responder.start()
            let result = try await body(address)
            await responder.stop()
            return result
        } catch {
            await responder.stop()
            throw error
        }
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` seconds passed.
    static func eventually(timeout: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Instant.now().adding(seconds: timeout)
        while Instant.now() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return try await condition()
    }

    /// Handshakes every 50 ms until one is stapled or `timeout` seconds passed: the stapled
    /// one (nil if none) and how many were not stapled before it.
    func firstStapled(_ address: SocketAddress, host: String = "example.com",
                      timeout: Double = 10) async throws -> (result: ExternalTLSProbe.Result?, unstapled: Int) {
        let deadline = Instant.now().adding(seconds: timeout)
        var unstapled = 0
        while Instant.now() < deadline {
            let result = try await probe(address, host: host)
            if result.staple != nil { return (result, unstapled) }
            unstapled += 1
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return (nil, unstapled)
    }

    /// `count` handshakes at once.
    func concurrentProbes(_ address: SocketAddress, count: Int) async throws -> [ExternalTLSProbe.Result] {
        let client = self.client
        return try await withThrowingTaskGroup(of: ExternalTLSProbe.Result.self) { group in
            for _ in 0..<count {
                group.addTask { try await ExternalTLSProbe.connect(to: address, hostname: "example.com", tls: client) }
            }
            var results: [ExternalTLSProbe.Result] = []
            for try await result in group { results.append(result) }
            return results
        }
    }

    /// `count` handshakes `spacing` seconds apart: how many were stapled.
    func stapledCount(_ address: SocketAddress, count: Int, spacing: Double) async throws -> Int {
        var stapled = 0
        for _ in 0..<count {
            if try await probe(address).staple != nil { stapled += 1 }
            try await Task.sleep(nanoseconds: UInt64(spacing * 1e9))
        }
        return stapled
    }

    /// The median of `values`.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }

    /// Whether nginx / Apache can run here; the reason printed when a test is skipped.
    static let nginxInstalled = ExternalProgram.isInstalled(.nginx)
    static let apacheInstalled = ExternalProgram.isInstalled(.apache)
    static let nginxMissing: Comment = "nginx is not installed: `apt-get install -y nginx-light` (.ci/run does it)"
    static let apacheMissing: Comment = "Apache httpd is not installed: `apt-get install -y apache2` (.ci/run does it)"
}

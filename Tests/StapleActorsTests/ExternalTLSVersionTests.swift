import Foundation
import NIOCore
import Testing
import StapleCore
import StaplePKI
import StapleTLS
@testable import StapleActors

/// `server.tls` holds for nginx and Apache as it does for the built-in server: a client that
/// offers TLS 1.2 and 1.3 gets exactly the version the scenario asked for, and a TLS 1.2-only
/// server refuses a TLS 1.3-only client.
struct ExternalTLSVersionTests {
    static let cases: [(ExternalServerKind, ClosedRange<TLSVersion>, TLSVersion)] = [
        (.nginx, .tls12 ... .tls13, .tls13), (.nginx, .tls12 ... .tls12, .tls12),
        (.apache, .tls12 ... .tls13, .tls13), (.apache, .tls12 ... .tls12, .tls12),
    ]

    @Test(arguments: 0..<4)
    func theServerNegotiatesTheVersionItWasGiven(index: Int) async throws {
        let (kind, versions, expected) = Self.cases[index]
        try #require(ExternalProgram.isInstalled(kind),
                     "\(kind.displayName) is not installed: `\(kind.installCommand)` (.ci/run does it)")
        let fixture = try ExternalTestFixture(slot: 40 + index)
        var config = fixture.serverConfig(kind, responderURL: nil)
        config.stapling = false
        config.tlsVersions = versions
        try await ExternalTestFixture.withServer(config) { server, address async throws in
            let result = try await fixture.probe(address)
            #expect(result.version == expected, "\(kind) with \(versions): negotiated \(String(describing: result.version))")
            if expected == .tls12 {
                let only13 = try TLSContext(client: try fixture.pki.trustStore(), versions: .tls13 ... .tls13)
                await #expect(throws: (any Error).self, "a TLS 1.2-only \(kind) must refuse a TLS 1.3-only client") {
                    _ = try await ExternalTLSProbe.connect(to: address, hostname: "example.com", tls: only13, timeout: 10)
                }
            }
        }
    }

    @Test func bothWritersNameTheVersionsExplicitly() {
        var config = ExternalServerConfig(kind: .nginx, host: "127.0.0.9", port: 8443,
                                          sites: [.pki("/p", host: "example.com")], workingDirectory: "/w")
        config.tlsVersions = .tls12 ... .tls12
        #expect(NginxConfigWriter.text(for: config).contains("    ssl_protocols TLSv1.2;\n"))
        config.tlsVersions = .tls12 ... .tls13
        #expect(NginxConfigWriter.text(for: config).contains("    ssl_protocols TLSv1.2 TLSv1.3;\n"))
        config.kind = .apache
        #expect(ApacheConfigWriter.text(for: config).contains("    SSLProtocol -all +TLSv1.2 +TLSv1.3\n"))
        config.tlsVersions = .tls12 ... .tls12
        #expect(ApacheConfigWriter.text(for: config).contains("    SSLProtocol -all +TLSv1.2\n"))
    }
}

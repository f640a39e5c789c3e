import Foundation
import Testing
import StapleCore
import StapleActors
@testable import StapleEngine

/// Runs with nginx and Apache as the server (skipped, saying why, when they are not installed;
/// `.ci/run` installs them).
@Suite(.serialized) struct RealServerRunTests {
    static func scenario(kind: String, workers: Int = 2) throws -> Scenario {
        try ScenarioLoader.load(text: """
            name: real-\(kind)
            modes: [stapled]
            sites:
              - host: good.example
              - host: revoked.example
                status: revoked
                revoked_reason: keyCompromise
            clients: [{ name: Alice, profile: firefox, fallback: none }]
            server: { kind: \(kind), workers: \(workers) }
            links:
              client-server: { rtt: 4ms }
              client-responder: { rtt: 4ms }
              server-responder: { rtt: 4ms }
            workload: { warmup: 0, handshakes: 16, pace: 20ms }
            """, fileName: "real.yaml")
    }

    @Test func nginxLeavesEachWorkersFirstHandshakeUnstapledAndNeverStaplesRevoked() async throws {
        guard ExternalProgram.isInstalled(.nginx) else {
            print("skipped: nginx is not installed (apt-get install -y nginx-light; .ci/run does it)")
            return
        }
        let result = await RunEngine(scenario: try Self.scenario(kind: "nginx")).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let records = result.records
        let good = records.filter { $0.site == "good.example" }
        let revoked = records.filter { $0.site == "revoked.example" }
        #expect(good.count == 8 && revoked.count == 8)
        // A revoked status is never stapled; Alice (soft-fail, no fallback) still connects without a staple.
        #expect(revoked.allSatisfy { !$0.stapled })
        // The first handshake nginx serves is unstapled; once its workers fetched, good.example is stapled.
        #expect(!good[0].stapled)
        #expect(good.allSatisfy { $0.tlsVersion == "TLSv1.3" }, "server.tls 1.3 holds for nginx: \(records.map(\.tlsVersion))")
        let lastThreeStapled = good.suffix(3).allSatisfy { $0.stapled }
        #expect(lastThreeStapled, "\(good.map(\.stapled))")
        #expect(good.filter { !$0.stapled }.count <= 2 + 1, "at most one unstapled first handshake per worker (2), plus a race")
        // nginx's own fetches reached the responder from 127.0.0.1, through the server↔responder link.
        let log = result.parts.flatMap(\.responderLog)
        #expect(log.contains { $0.requesterAddress == "127.0.0.1" && $0.method == "GET" && $0.hostname == "good.example" })
        #expect(!log.contains { $0.requesterAddress.hasPrefix("127.") && $0.requesterAddress != "127.0.0.1"
                                && $0.hostname == "good.example" && $0.method == "POST" },
                "Alice never fell back to asking herself (fallback: none)")
    }

    @Test func apacheStaplesTheFirstHandshake() async throws {
        guard ExternalProgram.isInstalled(.apache) else {
            print("skipped: apache2 is not installed (apt-get install -y apache2; .ci/run does it)")
            return
        }
        let result = await RunEngine(scenario: try Self.scenario(kind: "apache", workers: 1)).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let good = result.records.filter { $0.site == "good.example" }
        let revoked = result.records.filter { $0.site == "revoked.example" }
        #expect(good.first?.stapled == true, "Apache fetches inside the first handshake")
        #expect(good.allSatisfy { $0.tlsVersion == "TLSv1.3" }, "\(good.map(\.tlsVersion))")
        #expect(good.allSatisfy { $0.stapled && $0.ocspStatus == "good" })
        // The first handshake waited for Apache's fetch, and the model says so (seen on the
        // wire: the responder got Apache's request during that handshake): TCP + HTTP to the
        // responder, 2 × 4 ms, no lookup (Apache is given the responder's address). Later
        // handshakes are served from Apache's cache.
        let models = good.compactMap(\.modelMs)
        #expect(models.count == good.count)
        if let first = models.first, let later = models.last {
            #expect(first - later == 8, "model \(models)")
        }
        // Apache staples revoked responses, and the client refuses them.
        #expect(revoked.allSatisfy { $0.stapled && $0.outcome == .hardFail })
    }
}

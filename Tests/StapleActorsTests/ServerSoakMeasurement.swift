import Foundation
import NIOCore
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// A measurement, not a test: the resident memory of the built-in TLS server over many real
/// handshakes, with a bounded trace as `serve server` runs it. Runs only with
/// STAPLEBENCH_SOAK_TLS=N (the number of handshakes) and prints its figures.
@Suite struct ServerSoakMeasurement {
    static var handshakes: Int? { ProcessInfo.processInfo.environment["STAPLEBENCH_SOAK_TLS"].flatMap(Int.init) }

    @Test(.enabled(if: handshakes != nil))
    func residentMemoryOverManyHandshakes() async throws {
        let count = Self.handshakes ?? 0
        let world = try ActorWorld()
        let server = try ServerActor(config: ServerConfig(name: "example.com", host: world.serverIP, pki: world.pki, stapling: false),
                                     resolver: world.hosts, trace: Trace(capacity: 10_000), clock: world.clock)
        let address = try await server.start()
        let trust = try world.pki.trustStore()
        let before = ResponderSoakMeasurement.residentMB()
        var marks: [String] = []
        let start = Date()
        var answered = 0
        for quarter in 1...4 {
            answered += try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        var ok = 0
                        for _ in 0..<(count / 32) {
                            let outcome = try await TLSPieceClient.run(to: address, hostname: "example.com", trust: trust,
                                                                       pieces: ["GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"])
                            if outcome.response.hasPrefix("HTTP/1.1 200 OK") { ok += 1 }
                        }
                        return ok
                    }
                }
                return try await group.reduce(0, +)
            }
            marks.append(String(format: "%d: %.1f MB", quarter * (count / 32) * 8, ResponderSoakMeasurement.residentMB()))
        }
        print(String(format: "SOAK tls-server handshakes=%d answered=%d RSS before %.1f MB (%@) in %.1f s",
                     count, answered, before, marks.joined(separator: ", "), Date().timeIntervalSince(start)))
        await server.stop()
    }
}

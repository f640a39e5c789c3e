import Testing
import StapleCore
import StapleActors
@testable import StapleEngine

/// nginx and Apache seen from the wire: the version each negotiates at `server.tls`, read from
/// the ServerHello that crossed the client↔server front door, and handshakes.csv's TLS phase
/// read from the same wire events (the server is not ours). Skipped, saying why, when a
/// program is not installed.
@Suite(.serialized) struct RealServerWireTests {
    static func scenario(kind: String, tls: String) throws -> Scenario {
        try ScenarioLoader.load(text: """
            name: wire-\(kind)
            modes: [stapled]
            sites: [{ host: good.example }]
            clients: [{ name: Alice, profile: firefox, fallback: none }]
            server: { kind: \(kind), workers: 1, tls: "\(tls)" }
            links:
              client-server: { rtt: 4ms }
              client-responder: { rtt: 2ms }
              server-responder: { rtt: 2ms }
            workload: { warmup: 0, handshakes: 3, pace: 10ms }
            """, fileName: "wire-\(kind).yaml")
    }

    @Test(arguments: [("nginx", "1.3"), ("nginx", "1.2"), ("apache", "1.3"), ("apache", "1.2")])
    func theWireSaysWhichVersionWasNegotiatedAndTimesTheHandshake(kind: String, tls: String) async throws {
        let program: ExternalServerKind = kind == "nginx" ? .nginx : .apache
        guard ExternalProgram.isInstalled(program) else {
            print("skipped: \(kind) is not installed (.ci/run installs it)")
            return
        }
        let result = await RunEngine(scenario: try Self.scenario(kind: kind, tls: tls)).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let part = try #require(result.parts.first)
        #expect(part.records.count == 3)
        print("\(kind) tls \(tls): tls_ms from the wire \(part.records.map { (($0.tlsMs ?? -1) * 100).rounded() / 100 }), "
              + "stapled \(part.records.map(\.stapled))")
        for record in part.records {
            let own = part.events.filter { $0.party.role == .client && $0.connection == record.connection }
            let local = try #require(ConnectionTimeline.localAddress(of: own))
            let wire = try #require(WireTimeline.timelines(peer: local, in: part.events).first)
            #expect(wire.versionName == "TLSv\(tls)", "\(kind) at tls \(tls): \(wire.sequence)")
            #expect(record.tlsVersion == "TLSv\(tls)")
            let timeline = ConnectionTimeline(clientEvents: own, wire: wire, tlsFromWire: true)
            let phase = try #require(timeline.tls)
            #expect(phase.source == .wire)
            #expect(record.tlsMs == phase.milliseconds, "handshakes.csv's tls_ms is the wire's")
            #expect(record.phaseSources == "dns=client tcp=wire tls=wire ttfb=client", "\(record.phaseSources)")
            // TLS 1.2 shows the server's flight in clear, a staple included once the server has one.
            if tls == "1.2" {
                let names = wire.messages.filter { $0.direction == .backward }.map(\.message.name)
                #expect(names.starts(with: ["tls.ServerHello", "tls.Certificate"]), "\(names)")
                #expect(names.contains("tls.CertificateStatus") == record.stapled, "\(names)")
            }
        }
    }
}

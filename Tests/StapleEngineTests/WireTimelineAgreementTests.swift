import Testing
import StapleCore
import StapleTestSupport
@testable import StapleEngine

/// With the built-in actors on both ends, the TLS handshake read from the wire and the one the
/// client recorded must tell the same story. Compared by order and containment on the one clock
/// (what causality guarantees whatever the machine's speed), never by a number of milliseconds.
@Suite struct WireTimelineAgreementTests {
    static func scenario(tls: String) throws -> Scenario {
        try ScenarioLoader.load(text: """
            name: wire-agreement
            modes: [classic, stapled]
            sites: [{ host: example.com }]
            clients: [{ name: Alice, profile: firefox, cache: false }]
            server: { policy: lazy, tls: "\(tls)" }
            responder: { delay: 1ms }
            links:
              client-server: { rtt: 6ms }
              client-responder: { rtt: 4ms }
              server-responder: { rtt: 4ms }
            workload: { warmup: 1, handshakes: 3, concurrency: 1 }
            """, fileName: "wire-agreement.yaml")
    }

    @Test(arguments: ["1.3", "1.2"]) func wireAndClientHandshakesAgree(tls: String) async throws {
        let result = await RunEngine(scenario: try Self.scenario(tls: tls)).run()
        #expect(result.complete)
        var compared = 0
        var differences: [Double] = []
        for part in result.parts {
            for record in part.records where record.outcome == .connected {
                let own = part.events.filter { $0.party.role == .client && $0.connection == record.connection }
                func at(_ kind: EventKind) throws -> Instant { try #require(own.first { $0.kind == kind }?.time, "\(kind)") }
                let local = try #require(ConnectionTimeline.localAddress(of: own))
                let wire = try #require(WireTimeline.timelines(peer: local, in: part.events).first)
                let fromWire = ConnectionTimeline(clientEvents: own, wire: wire, tlsFromWire: true)
                let fromClient = ConnectionTimeline(clientEvents: own, wire: wire, tlsFromWire: false)
                let wireTLS = try #require(fromWire.tls)
                let clientTLS = try #require(fromClient.tls)
                #expect(wireTLS.source == .wire && clientTLS.source == .client)
                #expect(wire.link == "client-server")
                #expect(wire.versionName == record.tlsVersion && record.tlsVersion == "TLSv\(tls)")
                // Built-in at both ends: every phase from the client's own events but the TCP
                // handshake, which the link emulates and its wire times.
                #expect(record.phaseSources.hasPrefix("dns=client tcp=wire tls=client")
                        && record.phaseSources.hasSuffix("ttfb=client"), "\(record.phaseSources)")

                // Both handshakes start after the connect began and before the certificate reached
                // the client, and end after it arrived and before the first response byte.
                let certificate = try at(.certificateReceived)
                #expect(try at(.tcpConnectStart) <= min(wireTLS.start, clientTLS.start))
                #expect(try at(.tcpConnectStart) <= (wire.acceptedAt ?? certificate))
                #expect(max(wireTLS.start, clientTLS.start) <= certificate)
                #expect(certificate <= min(wireTLS.end, clientTLS.end))
                #expect(max(wireTLS.end, clientTLS.end) <= (try at(.firstByte)))
                // The client's request left after its handshake completed, as the wire saw it.
                let request = try #require(wire.firstRequest)
                #expect(clientTLS.end <= request.sentAt && wireTLS.end == request.sentAt)
                // The protocol's own end (the Finished messages) comes no later than the client's.
                #expect(try #require(wire.handshakeEnd) <= request.sentAt)
                #expect(try at(.requestSent) <= request.sentAt)
                // The server's reply to the ClientHello left only once the ClientHello reached it.
                let hello = try #require(wire.clientHello?.deliveredAt)
                #expect(hello <= (try #require(wire.serverHello)).sentAt)
                compared += 1
                differences.append(wireTLS.milliseconds - clientTLS.milliseconds)
            }
        }
        #expect(compared == 8, "every connection (warm-up included) compared")
        print("wire agreement TLS \(tls): tls_ms from the wire minus from the client, per connection: \(differences.map { (($0 * 100).rounded() / 100) })")
    }
}

import Foundation
import Testing
import StapleCore
import StapleActors
import StapleTLS
@testable import StapleEngine

/// The server's TLS 1.3 session tickets as the front door saw them, for every kind of server:
/// the built-in one sends none, nginx and Apache OpenSSL's default two, which come between the
/// client's Finished and the response. The wire's first response (tickets skipped) is what the
/// client's own first byte followed. Real programs are skipped, saying why, when absent.
@Suite(.serialized) struct WireTicketTests {
    static func scenario(kind: String) throws -> Scenario {
        try ScenarioLoader.load(text: """
            name: wire-tickets-\(kind)
            modes: [classic]
            sites: [{ host: example.com }]
            clients: [{ name: Alice, profile: firefox, cache: false }]
            server: { kind: \(kind), workers: 1, tls: "1.3" }
            links:
              client-server: { rtt: 6ms }
              client-responder: { rtt: 4ms }
              server-responder: { rtt: 4ms }
            workload: { warmup: 0, handshakes: 4, pace: 20ms }
            """, fileName: "wire-tickets.yaml")
    }

    @Test(arguments: ["builtin", "nginx", "apache"])
    func theResponseFollowsTheServersTicketsOnTheWire(kind: String) async throws {
        if let program = ExternalServerKind(rawValue: kind), !ExternalProgram.isInstalled(program) {
            print("skipped: \(kind) is not installed (.ci/run installs it)")
            return
        }
        let tickets = kind == "builtin" ? TLSContext.serverTickets : WireTimeline.openSSLDefaultTickets
        let result = await RunEngine(scenario: try Self.scenario(kind: kind)).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        var compared = 0
        for part in result.parts {
            for record in part.records where record.outcome == .connected {
                let own = part.events.filter { $0.party.role == .client && $0.connection == record.connection }
                let local = try #require(ConnectionTimeline.localAddress(of: own))
                let wire = try #require(WireTimeline.timelines(peer: local, in: part.events).first)
                #expect(wire.versionName == "TLSv1.3")
                let finished = try #require(wire.clientFinished?.deliveredAt)
                let response = try #require(wire.firstResponse(serverTickets: tickets), "\(wire.sequence)")
                // After the client's Finished reached the server: the tickets, then the response.
                let after = wire.applicationData(.backward).filter { $0.sentAt >= finished }
                #expect(after.firstIndex(of: response) == tickets, "\(kind): \(wire.sequence)")
                #expect(after.count > tickets, "a response (and a close_notify) after the tickets: \(wire.sequence)")
                // OpenSSL's tickets of one server are one size; the response is not a ticket.
                let lengths = after.prefix(tickets).map { event -> Int in
                    if case .tlsApplicationData(_, let length) = event.message { return length } else { return -1 }
                }
                #expect(Set(lengths).count == (tickets == 0 ? 0 : 1), "\(kind) ticket records: \(lengths)")
                // The client decrypted its first byte once the response was delivered to it.
                let firstByte = try #require(own.first { $0.kind == .firstByte }?.time)
                #expect(try #require(response.deliveredAt) <= firstByte)
                let timeline = ConnectionTimeline(clientEvents: own, wire: wire, tlsFromWire: kind != "builtin",
                                                  serverTickets: tickets)
                let wireTTFB = try #require(timeline.wireTTFB)
                print("\(kind) seq \(record.seq): tickets \(lengths) B, ttfb client \(record.ttfbMs ?? -1) ms, wire \(wireTTFB.milliseconds) ms, "
                      + "wire without skipping tickets \(wire.firstResponse(serverTickets: 0).flatMap(\.deliveredAt).map { $0.milliseconds(since: wireTTFB.start) } ?? -1) ms")
                compared += 1
            }
        }
        #expect(compared == 4)
    }
}

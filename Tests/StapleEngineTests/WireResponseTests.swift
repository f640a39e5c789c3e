import Testing
import StapleCore
@testable import StapleEngine

/// Where the server's response starts on the wire, folded over hand-built messages (no sockets):
/// in TLS 1.3 a session ticket is an application-data record like the response, sent as soon as
/// the client's Finished reached the server, so the fold skips the server's known tickets.
@Suite struct WireResponseTests {
    static func at(_ ms: Double) -> Instant { Instant(nanoseconds: UInt64(1_000_000_000 + ms * 1_000_000)) }

    static func message(_ message: WireMessage, _ direction: WireDirection, sent: Double, delivered: Double) -> WireEvent {
        WireEvent(message: message, direction: direction, sentAt: at(sent), deliveredAt: at(delivered))
    }

    static func data(_ index: Int, _ length: Int, _ direction: WireDirection, sent: Double, delivered: Double) -> WireEvent {
        message(.tlsApplicationData(index: index, length: length), direction, sent: sent, delivered: delivered)
    }

    /// A TLS 1.3 connection through a 10 ms link (5 ms each way): the client's Finished and its
    /// request reach the server together at 35 ms; the server sends `tickets` tickets at once
    /// (35.1 ms, 35.2 ms), then its response at 36 ms.
    static func tls13(tickets: Int, requestLag: Double = 0) -> WireTimeline {
        var messages = [
            message(.tlsClientHello(serverName: "example.com"), .forward, sent: 10, delivered: 15),
            message(.tlsServerHello(version: 0x0304, retry: false), .backward, sent: 20, delivered: 25),
            data(0, 2100, .backward, sent: 20.1, delivered: 25.1),      // the server's encrypted flight
            data(0, 53, .forward, sent: 30, delivered: 35),              // the client's Finished
            data(1, 90, .forward, sent: 30 + requestLag, delivered: 35 + requestLag), // the request
        ]
        for ticket in 0..<tickets {
            messages.append(data(1 + ticket, 266, .backward, sent: 35.1 + 0.1 * Double(ticket), delivered: 40.1 + 0.1 * Double(ticket)))
        }
        let reply = max(36, 36 + requestLag)
        messages.append(data(1 + tickets, 310, .backward, sent: reply, delivered: reply + 5))
        return WireTimeline(link: "client-server", connection: ConnectionID(3), peer: "127.0.1.1:5000", messages: messages)
    }

    @Test func withoutTicketsTheFirstServerRecordAfterTheRequestIsTheResponse() throws {
        let response = try #require(Self.tls13(tickets: 0).firstResponse(serverTickets: 0))
        #expect(response.message == .tlsApplicationData(index: 1, length: 310))
        #expect(response.deliveredAt == Self.at(41))
    }

    @Test func twoTicketsArrivingWithTheRequestAreSkipped() throws {
        let timeline = Self.tls13(tickets: 2)
        // Timing alone takes the first ticket for the response (it was sent after the request arrived).
        #expect(timeline.firstResponse(serverTickets: 0)?.message == .tlsApplicationData(index: 1, length: 266))
        let response = try #require(timeline.firstResponse(serverTickets: WireTimeline.openSSLDefaultTickets))
        #expect(response.message == .tlsApplicationData(index: 3, length: 310))
        #expect(response.deliveredAt == Self.at(41))
    }

    @Test func ticketsSentBeforeALateRequestArrivedAreSkippedToo() throws {
        // The request leaves 20 ms after the Finished: the tickets precede it by time as well.
        let timeline = Self.tls13(tickets: 2, requestLag: 20)
        #expect(timeline.firstResponse(serverTickets: 2)?.message == .tlsApplicationData(index: 3, length: 310))
        #expect(timeline.firstResponse(serverTickets: 2)?.sentAt == Self.at(56))
        #expect(timeline.firstResponse(serverTickets: 0)?.sentAt == Self.at(56), "sent before the request arrived: never the response")
    }

    @Test func aConnectionThatGotOnlyTicketsHasNoResponse() {
        var timeline = Self.tls13(tickets: 2)
        timeline.messages.removeLast()
        #expect(timeline.firstResponse(serverTickets: 2) == nil)
    }

    @Test func tls12TicketsAreInTheHandshakeSoTheFirstRecordAfterTheRequestIsTheResponse() throws {
        let timeline = WireTimeline(link: "client-server", connection: ConnectionID(4), messages: [
            Self.message(.tlsClientHello(serverName: "example.com"), .forward, sent: 10, delivered: 15),
            Self.message(.tlsServerHello(version: 0x0303, retry: false), .backward, sent: 20, delivered: 25),
            Self.message(.tlsChangeCipherSpec, .forward, sent: 30, delivered: 35),
            Self.message(.tlsEncryptedFinished, .forward, sent: 30, delivered: 35),
            Self.message(.tlsChangeCipherSpec, .backward, sent: 35.2, delivered: 40.2),
            Self.message(.tlsEncryptedFinished, .backward, sent: 35.2, delivered: 40.2),
            Self.data(0, 90, .forward, sent: 41, delivered: 46),
            Self.data(0, 310, .backward, sent: 47, delivered: 52),
        ])
        // Whatever count is given: TLS 1.2 records after the handshake are all application data.
        #expect(timeline.firstResponse(serverTickets: 2)?.sentAt == Self.at(47))
        #expect(timeline.firstResponse(serverTickets: 0)?.deliveredAt == Self.at(52))
    }

    @Test func theConnectionsWireTTFBRunsFromTheAttemptStartToTheResponsesArrival() throws {
        let alice = Party.client("Alice"), own = ConnectionID(7)
        let events = [TraceEvent(time: Self.at(0), party: alice, kind: .attemptStart, connection: own)]
        let withTickets = ConnectionTimeline(clientEvents: events, wire: Self.tls13(tickets: 2), tlsFromWire: true,
                                             serverTickets: WireTimeline.openSSLDefaultTickets)
        let ttfb = try #require(withTickets.wireTTFB)
        #expect(ttfb.source == .wire)
        #expect(ttfb.milliseconds == 41)
        let builtin = ConnectionTimeline(clientEvents: events, wire: Self.tls13(tickets: 0), tlsFromWire: false)
        #expect(builtin.wireTTFB?.milliseconds == 41)
        #expect(ConnectionTimeline(clientEvents: [], wire: Self.tls13(tickets: 0), tlsFromWire: true).wireTTFB == nil,
                "no attempt start: no TTFB")
    }
}

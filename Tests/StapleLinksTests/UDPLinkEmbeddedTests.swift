import NIOCore
import NIOEmbedded
import Testing
import StapleCore
@testable import StapleLinks

/// A UDP link's ``UDPLinkCore`` and ``UDPFrontHandler``/``UDPUpstreamHandler`` driven on an
/// `EmbeddedEventLoop` (``EmbeddedUDPLink``): the test moves the link's clock and asserts to the
/// millisecond when each datagram crosses, on which session's socket, in which order, and how
/// late the link counted it. No sockets and no real time.
@Suite struct UDPLinkEmbeddedTests {
    /// 20 ms forward, 10 ms back.
    static func spec(name: String = "Alice-resolver", forward: Delay = .milliseconds(20),
                     jitter: Delay = .zero) -> LinkSpec {
        LinkSpec(name: name,
                 forward: PipeEffects(latency: forward, jitter: jitter),
                 backward: PipeEffects(latency: .milliseconds(10)),
                 fault: .none, emulateTCPHandshake: false, seed: 7)
    }

    @Test func aQueryCrossesAtItsDeadlineAndTheAnswerAtItsOwn() throws {
        let link = try EmbeddedUDPLink(defaultSpec: Self.spec())
        try link.send("query")
        #expect(link.bindRequests == ["127.0.1.5:0"])   // the session's socket, on the party's own IP
        link.advance(by: .milliseconds(19))
        #expect(try link.forwarded() == [])
        link.advance(by: .milliseconds(1))
        #expect(try link.forwarded() == ["query->127.0.2.10:53"])

        // The answer takes the backward latency, counted from when it reached the link, and goes
        // back to the party's own address and port.
        try link.answer("answer")
        link.advance(by: .milliseconds(9))
        #expect(try link.answered() == [])
        link.advance(by: .milliseconds(1))
        #expect(try link.answered() == ["answer->127.0.1.5:40000"])
        #expect(link.elapsedMilliseconds == 30)

        // Both went out on a timer, exactly on their deadlines (the test clock has no wake-up latency).
        let lateness = link.timing.lateness
        #expect(lateness.count == 2)
        #expect(lateness.minNanoseconds == 0)
        #expect(lateness.maxNanoseconds == 0)
        #expect(link.linkEvents == ["Alice-resolver link.accepted peer=127.0.1.5:40000"])
    }

    @Test func datagramsKeepTheirOrderUnderJitter() throws {
        let link = try EmbeddedUDPLink(defaultSpec: Self.spec(jitter: .milliseconds(15)))
        let sent = (0..<20).map { "q\($0)->127.0.2.10:53" }
        var received: [String] = [], firstAt: Int64?
        // One datagram per millisecond for 20 ms, then time moves on until all are in.
        for tick in 0..<200 where received.count < sent.count {
            if tick < sent.count { try link.send("q\(tick)") }
            link.advance(by: .milliseconds(1))
            let now = try link.forwarded()
            if !now.isEmpty && firstAt == nil { firstAt = link.elapsedMilliseconds }
            received += now
            // At every millisecond what has arrived is the start of what was sent, in order.
            #expect(Array(sent.prefix(received.count)) == received, "at \(link.elapsedMilliseconds) ms")
        }
        #expect(received == sent)
        #expect(link.bindRequests == ["127.0.1.5:0"])   // one session for one party address
        // Nothing is delivered before arrival + latency − jitter (5 ms for the first datagram).
        #expect((firstAt ?? 0) >= 5)
        let lateness = link.timing.lateness
        #expect(lateness.count == sent.count)
        #expect(lateness.minNanoseconds == 0)
        #expect(lateness.maxNanoseconds == 0)
    }

    @Test func aSecondClientAddressGetsItsOwnSessionAndRoute() throws {
        let bob = try SocketAddress(ipAddress: "127.0.1.6", port: 40_001)
        let link = try EmbeddedUDPLink(
            defaultSpec: Self.spec(),
            routes: ["127.0.1.6": Self.spec(name: "Bob-resolver", forward: .milliseconds(40))])
        try link.send("alice")
        try link.send("bob", from: bob)
        #expect(link.bindRequests == ["127.0.1.5:0", "127.0.1.6:0"])
        #expect(link.linkEvents == ["Alice-resolver link.accepted peer=127.0.1.5:40000",
                                    "Bob-resolver link.accepted peer=127.0.1.6:40001"])

        // Alice's datagram takes the default route's 20 ms on her socket; Bob's his route's 40 ms on his.
        link.advance(by: .milliseconds(20))
        #expect(try link.forwarded(session: 0) == ["alice->127.0.2.10:53"])
        #expect(try link.forwarded(session: 1) == [])
        link.advance(by: .milliseconds(19))
        #expect(try link.forwarded(session: 1) == [])
        link.advance(by: .milliseconds(1))
        #expect(try link.forwarded(session: 1) == ["bob->127.0.2.10:53"])

        // An answer on Bob's socket goes to Bob, 10 ms later; Alice's to Alice.
        try link.answer("for-bob", session: 1)
        try link.answer("for-alice", session: 0)
        link.advance(by: .milliseconds(9))
        #expect(try link.answered() == [])
        link.advance(by: .milliseconds(1))
        #expect(try link.answered() == ["for-bob->127.0.1.6:40001", "for-alice->127.0.1.5:40000"])

        // A second datagram from Alice reuses her session.
        try link.send("alice-again")
        #expect(link.bindRequests == ["127.0.1.5:0", "127.0.1.6:0"])
        link.advance(by: .milliseconds(20))
        #expect(try link.forwarded(session: 0) == ["alice-again->127.0.2.10:53"])
        #expect(link.elapsedMilliseconds == 70)

        let lateness = link.timing.lateness
        #expect(lateness.count == 5)
        #expect(lateness.minNanoseconds == 0)
        #expect(lateness.maxNanoseconds == 0)
    }
}

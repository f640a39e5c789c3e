#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOEmbedded
import Testing
import StapleCore
@testable import StapleLinks

/// A TCP link's ``LinkConnection`` and its ``SpliceHandler``s driven on an `EmbeddedEventLoop`
/// (``EmbeddedLink``): the test moves the link's clock and asserts to the millisecond when each
/// chunk, half-close and close crosses, in which order, and what the link counted. No sockets
/// and no real time, so nothing here depends on the machine's speed.
@Suite struct LinkHandlerEmbeddedTests {
    /// 50 ms forward, 30 ms back, no emulated TCP handshake unless asked.
    static func spec(handshake: Bool = false, jitter: Delay = .zero, fault: LinkFault = .none) -> LinkSpec {
        LinkSpec(name: "Alice-example.com",
                 forward: PipeEffects(latency: .milliseconds(50), jitter: jitter),
                 backward: PipeEffects(latency: .milliseconds(30)),
                 fault: fault, emulateTCPHandshake: handshake, seed: 7)
    }

    /// A link whose upstream socket is connected.
    static func connected(_ spec: LinkSpec = spec()) throws -> EmbeddedLink {
        let link = try EmbeddedLink(spec: spec)
        #expect(link.connectRequests == ["127.0.1.5:0->127.0.2.10:8443"])   // from the party's own IP
        try link.completeUpstreamConnect()
        return link
    }

    @Test func aChunkCrossesAtItsDeadlineAndNotAMillisecondBefore() throws {
        let link = try Self.connected()
        try link.send("hello", from: .downstream)
        link.advance(by: .milliseconds(49))
        #expect(try link.delivered(to: .upstream) == "")
        link.advance(by: .milliseconds(1))
        #expect(try link.delivered(to: .upstream) == "hello")

        // The answer takes the backward latency, counted from when it reached the link.
        try link.send("world", from: .upstream)
        link.advance(by: .milliseconds(29))
        #expect(try link.delivered(to: .downstream) == "")
        link.advance(by: .milliseconds(1))
        #expect(try link.delivered(to: .downstream) == "world")
        #expect(link.elapsedMilliseconds == 80)

        // Both went out on a timer, exactly on their deadlines (the test clock has no wake-up latency).
        let lateness = link.timing.lateness
        #expect(lateness.count == 2)
        #expect(lateness.minNanoseconds == 0)
        #expect(lateness.maxNanoseconds == 0)
        #expect(link.linkEvents == ["link.accepted peer=127.0.1.5:40000"])
    }

    @Test func chunksKeepTheirOrderUnderJitter() throws {
        let link = try Self.connected(Self.spec(jitter: .milliseconds(30)))
        let chunks = (0..<20).map { String(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))) }
        var received = "", firstAt: Int64?
        // One chunk per millisecond for 20 ms, then time moves on until all are in.
        for tick in 0..<200 where received.count < chunks.count {
            if tick < chunks.count { try link.send(chunks[tick], from: .downstream) }
            link.advance(by: .milliseconds(1))
            let now = try link.delivered(to: .upstream)
            if !now.isEmpty && firstAt == nil { firstAt = link.elapsedMilliseconds }
            received += now
            // At every millisecond what has arrived is the start of what was sent, in order.
            #expect(chunks.joined().hasPrefix(received), "at \(link.elapsedMilliseconds) ms: \(received)")
        }
        #expect(received == chunks.joined())
        // Nothing is delivered before arrival + latency − jitter (20 ms for the first chunk).
        #expect((firstAt ?? 0) >= 20)
        // Every chunk went out on a timer at its own deadline: a chunk whose deadline fell before
        // the one ahead of it would have waited behind it, and been counted late.
        let lateness = link.timing.lateness
        #expect(lateness.count == chunks.count)
        #expect(lateness.minNanoseconds == 0)
        #expect(lateness.maxNanoseconds == 0)
    }

    @Test func aHalfCloseCrossesAfterTheBytesBeforeIt() throws {
        let link = try Self.connected()
        try link.send("request", from: .downstream)
        link.shutDownInput(of: .downstream)
        link.advance(by: .milliseconds(49))
        #expect(try link.delivered(to: .upstream) == "")
        #expect(link.upstreamCloses.closes == [])
        link.advance(by: .milliseconds(1))
        #expect(try link.delivered(to: .upstream) == "request")
        #expect(link.upstreamCloses.closes == [.output])   // the actor's input ends; it can still answer

        // The actor answers and shuts down its output too: once both halves are closed, both sockets close.
        try link.send("answer", from: .upstream)
        link.shutDownInput(of: .upstream)
        link.advance(by: .milliseconds(29))
        #expect(try link.delivered(to: .downstream) == "")
        #expect(link.downstreamCloses.closes == [])
        link.advance(by: .milliseconds(1))
        #expect(try link.delivered(to: .downstream) == "answer")
        #expect(link.downstreamCloses.closes == [.all])
        #expect(link.upstreamCloses.closes == [.output, .all])
        #expect(!link.downstream.isActive)
        #expect(link.upstream?.isActive == false)
    }

    @Test func aCloseCrossesOneLatencyLaterAfterItsBytes() throws {
        let link = try Self.connected()
        try link.send("bye", from: .downstream)
        link.downstream.close(promise: nil)
        link.advance(by: .milliseconds(49))
        #expect(link.upstream?.isActive == true)
        #expect(try link.delivered(to: .upstream) == "")
        link.advance(by: .milliseconds(1))
        #expect(try link.delivered(to: .upstream) == "bye")
        #expect(link.upstreamCloses.closes == [.all])
        #expect(link.upstream?.isActive == false)
        #expect(link.context.openChannels.isEmpty)
    }

    @Test func anErrorOnTheActorsSocketClosesItAndThePartysOneLatencyLater() throws {
        let link = try Self.connected()
        try link.send("partial", from: .upstream)
        link.upstream?.pipeline.fireErrorCaught(IOError(errnoCode: ECONNRESET, reason: "read"))
        #expect(link.upstream?.isActive == false)    // SpliceHandler closes the side that failed
        link.advance(by: .milliseconds(29))
        #expect(link.downstream.isActive)
        #expect(try link.delivered(to: .downstream) == "")
        link.advance(by: .milliseconds(1))
        #expect(try link.delivered(to: .downstream) == "partial")
        #expect(link.downstreamCloses.closes == [.all])
        #expect(!link.downstream.isActive)
    }

    @Test func theEmulatedHandshakeDelaysTheConnectAndTheFirstBytes() throws {
        let link = try EmbeddedLink(spec: Self.spec(handshake: true))
        try link.send("hello", from: .downstream)   // sent at once, as a client does after its SYN-ACK
        link.advance(by: .milliseconds(49))
        #expect(link.connectRequests == [])          // the SYN has not reached the actor yet
        link.advance(by: .milliseconds(1))
        #expect(link.connectRequests == ["127.0.1.5:0->127.0.2.10:8443"])
        try link.completeUpstreamConnect()
        // The first bytes count as sent after the emulated round trip (80 ms), then take 50 ms.
        link.advance(by: .milliseconds(79))
        #expect(link.elapsedMilliseconds == 129)
        #expect(try link.delivered(to: .upstream) == "")
        link.advance(by: .milliseconds(1))
        #expect(try link.delivered(to: .upstream) == "hello")
        #expect(link.linkEvents == ["link.accepted peer=127.0.1.5:40000", "link.tcp-handshake-emulated peer=127.0.1.5:40000"])
    }

    @Test func aResetFaultForwardsTheBudgetCountsItAndResetsBothSides() throws {
        let link = try Self.connected(Self.spec(fault: .resetAfter(bytes: 10)))
        try link.send("0123456789abcdef", from: .downstream)
        link.advance(by: .milliseconds(49))
        #expect(try link.delivered(to: .upstream) == "")
        #expect(link.downstream.isActive)
        link.advance(by: .milliseconds(1))
        #expect(try link.delivered(to: .upstream) == "0123456789")
        #expect(link.linkEvents.last == "link.fault reset after 10B: 10B forwarded")
        #expect(!link.downstream.isActive)
        #expect(link.upstream?.isActive == false)
    }

    @Test func drainingDeliversWhatIsHeldAtOnceThenCloses() throws {
        let link = try Self.connected()
        try link.send("held", from: .downstream)
        try link.send("back", from: .upstream)
        link.advance(by: .milliseconds(10))
        link.downstream.pipeline.fireUserInboundEventTriggered(LinkDrainEvent())
        #expect(try link.delivered(to: .upstream) == "held")
        #expect(try link.delivered(to: .downstream) == "back")
        #expect(link.downstreamCloses.closes == [.all])
        #expect(link.upstreamCloses.closes == [.all])
        #expect(link.elapsedMilliseconds == 10)
        #expect(link.timing.lateness.count == 0)   // forced out, not on a deadline
    }
}

import NIOCore
import StapleCore
import StapleTestSupport
import Testing
@testable import StapleLinks

extension LinkSocketTests {
    /// One-way times of one exchange: client send → server read → client read.
    private func oneWay(_ client: ProbeClient, _ fixture: LinkFixture, size: Int = 16) async throws -> (forward: Double, backward: Double) {
        let readsBefore = fixture.server.seen.reads.count
        let rtt = try await client.exchange(Array(repeating: 7, count: size))
        let serverRead = try #require(fixture.server.seen.reads.dropFirst(readsBefore).first?.0)
        let clientRead = try #require(client.seen.reads.last?.0)
        let sent = clientRead.adding(seconds: -rtt / 1000)
        return (serverRead.milliseconds(since: sent), clientRead.milliseconds(since: serverRead))
    }

    @Test func latencyIsAppliedPerDirection() async throws {
        let forwardOnly = LinkSpec(name: "fwd", forward: PipeEffects(latency: .milliseconds(30)), emulateTCPHandshake: false)
        let backwardOnly = LinkSpec(name: "bwd", backward: PipeEffects(latency: .milliseconds(30)), emulateTCPHandshake: false)
        let fixture = try await LinkFixture.make(routes: ["127.0.1.21": forwardOnly, "127.0.1.22": backwardOnly])
        Teardown.add { await fixture.stop() }

        let a = try await fixture.connect(from: "127.0.1.21")
        var forward: [Double] = [], backward: [Double] = []
        for _ in 0..<5 {
            let times = try await oneWay(a, fixture)
            forward.append(times.forward)
            backward.append(times.backward)
        }
        // Lower bounds on every exchange of the delayed direction; the upper bounds, halfway to the
        // wrong answer (30 ms applied twice, or applied to the other direction), on the fastest
        // exchange: a busy machine adds time to some, never takes the delay away.
        #expect(forward.allSatisfy { $0 >= 29.9 }, "forward one-way \(forward)")
        #expect(forward.min()! < 45, "forward one-way \(forward)")
        #expect(backward.min()! < 15, "backward one-way \(backward)")

        let b = try await fixture.connect(from: "127.0.1.22")
        forward = []; backward = []
        for _ in 0..<5 {
            let times = try await oneWay(b, fixture)
            forward.append(times.forward)
            backward.append(times.backward)
        }
        #expect(backward.allSatisfy { $0 >= 29.9 }, "backward one-way \(backward)")
        #expect(backward.min()! < 45, "backward one-way \(backward)")
        #expect(forward.min()! < 15, "forward one-way \(forward)")
        await a.close()
        await b.close()
    }

    @Test func emulatedHandshakeAddsOneRoundTripToTheFirstExchangeOnly() async throws {
        let emulated = LinkSpec.symmetric(name: "hs", latency: .milliseconds(20))
        var plain = LinkSpec.symmetric(name: "hs-plain", latency: .milliseconds(20))
        plain.emulateTCPHandshake = false
        let fixture = try await LinkFixture.make(routes: ["127.0.1.23": emulated, "127.0.1.24": plain])
        Teardown.add { await fixture.stop() }

        // The emulated handshake's round trip counts from the link's accept, which is no earlier
        // than the connect: the first reply comes 80 ms after the connect started at least (the
        // client's send itself may come a little after the accept on a loaded machine).
        // The lower bounds hold on every attempt; the upper bounds (a busy parallel suite can stall a
        // loop for tens of ms) on one of at most three fresh connections, every attempt reported.
        var attempts: [String] = []
        var passed = false
        var clients: [ProbeClient] = []
        for _ in 0..<3 where !passed {
            let connectStart = Instant.now()
            let client = try await fixture.connect(from: "127.0.1.23")
            clients.append(client)
            let first = try await client.exchange([1, 2, 3])
            let firstReply = try #require(client.seen.reads.last?.0).milliseconds(since: connectStart)
            let second = try await client.exchange([4, 5, 6])
            #expect(firstReply >= 79.9, "reply \(firstReply) ms after the connect; expected 2 round trips of 40 ms")
            #expect(second >= 39.9, "second exchange \(second) ms; expected 1 round trip of 40 ms")
            attempts.append("first \(first) ms (reply \(firstReply) ms after the connect), second \(second) ms")
            // Upper bounds halfway to the wrong answer (one round trip more or less), not at the machine's
            // speed; a second emulated handshake would make the second exchange 80 ms at least.
            passed = first < 100 && second < 78
        }
        #expect(passed, "expected 2 round trips then 1 (40 ms each): \(attempts)")

        // Without emulation: the lower bound on every connection, the upper bound (halfway to a
        // second round trip) on the best of at most three fresh connections.
        var others: [ProbeClient] = []
        var unemulated: [Double] = []
        for _ in 0..<3 where !unemulated.contains(where: { $0 < 78 }) {
            let other = try await fixture.connect(from: "127.0.1.24")
            others.append(other)
            let time = try await other.exchange([1, 2, 3])
            #expect(time >= 39.9, "without emulation the first exchange took \(time) ms")
            unemulated.append(time)
        }
        #expect(unemulated.contains { $0 < 78 }, "without emulation the first exchanges took \(unemulated) ms")

        // The trace marks the emulated phase: one round trip after the accept, same peer.
        let accepted = try #require(fixture.events(.linkAccepted).first { $0.party == .link("hs") })
        let emulatedEvent = try #require(fixture.events(.linkHandshakeEmulated).first { $0.party == .link("hs") })
        #expect(emulatedEvent.connection == accepted.connection)
        #expect(emulatedEvent.detail == accepted.detail)
        #expect(abs(emulatedEvent.time.milliseconds(since: accepted.time) - 40) < 0.01)
        #expect(fixture.events(.linkHandshakeEmulated).filter { $0.party == .link("hs") }.count == clients.count,
                "one emulated handshake per connection")
        #expect(!fixture.events(.linkHandshakeEmulated).contains { $0.party == .link("hs-plain") })
        for client in clients + others { await client.close() }
    }

    @Test func jitterNeverReordersBytes() async throws {
        let spec = LinkSpec(name: "jitter",
                            forward: PipeEffects(latency: .milliseconds(4), jitter: .milliseconds(4)),
                            backward: PipeEffects(latency: .milliseconds(4), jitter: .milliseconds(4)),
                            emulateTCPHandshake: false, seed: 99)
        let fixture = try await LinkFixture.make(routes: ["127.0.1.25": spec])
        Teardown.add { await fixture.stop() }
        let client = try await fixture.connect(from: "127.0.1.25")
        let sent = (0..<120).map { UInt8($0) }
        for byte in sent {
            try await client.send([byte])
            try await Task.sleep(for: .microseconds(300))
        }
        _ = try await client.arrival(ofTotal: sent.count)
        #expect(client.seen.bytes == sent)
        // The bytes really crossed as many chunks with varying delays, not as one.
        #expect(fixture.server.seen.reads.count > 10)
        await client.close()
    }

    @Test func updateChangesEffectsOfAnOpenConnectionWithoutRestart() async throws {
        let fixture = try await LinkFixture.make(routes: ["127.0.1.26": LinkSpec(name: "live", emulateTCPHandshake: false)])
        Teardown.add { await fixture.stop() }
        let client = try await fixture.connect(from: "127.0.1.26")
        // Lower bounds on every round; the upper bounds, halfway to the wrong answer (the update
        // not applied, or applied twice), on the best of at most five rounds: a busy machine adds
        // time to some exchanges, never takes the delay away.
        var rounds: [(fast: Double, slow: Double, fastAgain: Double)] = []
        for _ in 0 ..< 5 {
            let fast = try await client.exchange([1])
            fixture.link.update(source: "127.0.1.26", spec: LinkSpec.symmetric(name: "live", latency: .milliseconds(30)))
            let slow = try await client.exchange([2])
            fixture.link.update(source: "127.0.1.26", spec: LinkSpec(name: "live", emulateTCPHandshake: false))
            let fastAgain = try await client.exchange([3])
            #expect(slow >= 59.9, "after the update: \(slow) ms; expected 2 × 30 ms")
            rounds.append((fast, slow, fastAgain))
            if fast < 30 && slow < 90 && fastAgain < 30 { break }
        }
        #expect(rounds.contains { $0.fast < 30 && $0.slow < 90 && $0.fastAgain < 30 },
                "before, after and after the second update (ms): \(rounds)")
        #expect(fixture.link.address == fixture.front)   // same front door throughout
        await client.close()
    }

    @Test func bandwidthCapLimitsThroughputInItsDirectionOnly() async throws {
        let rate = 100_000
        let spec = LinkSpec(name: "narrow", backward: PipeEffects(bandwidth: rate), emulateTCPHandshake: false)
        let fixture = try await LinkFixture.make(routes: ["127.0.1.27": spec])
        Teardown.add { await fixture.stop() }
        let size = 40_000
        // The cap's own bound on every attempt; the bounds a busy machine can break (not slower
        // than 0.6 × the rate, halfway to a cap applied twice; the uncapped forward direction done
        // in half the 400 ms a capped one takes) on one of at most three fresh connections.
        var attempts: [String] = []
        var passed = false
        for _ in 0..<3 where !passed {
            let client = try await fixture.connect(from: "127.0.1.27")
            let readsBefore = fixture.server.seen.reads.count
            let start = try await client.send(Array(repeating: 0xAB, count: size))
            let done = try await client.arrival(ofTotal: size, timeout: 10)
            let seconds = done.milliseconds(since: start) / 1000
            let measured = Double(size) / seconds
            #expect(measured <= Double(rate) * 1.01, "measured \(measured) B/s through a \(rate) B/s cap")
            #expect(fixture.server.seen.reads.count > readsBefore)
            let serverDone = try #require(fixture.server.seen.reads.last?.0).milliseconds(since: start)
            attempts.append("\(Int(measured)) B/s, forward done after \(serverDone) ms")
            passed = measured >= Double(rate) * 0.6 && serverDone < 200
            await client.close()
        }
        #expect(passed, "through a \(rate) B/s cap backward only: \(attempts)")
    }
}

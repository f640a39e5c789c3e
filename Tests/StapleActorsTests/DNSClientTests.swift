import NIOCore
import NIOPosix
import StapleCore
import StapleLinks
import Synchronization
import StapleTestSupport
import Testing
@testable import StapleActors

@Suite(.serialized, .awaitsTeardown) struct DNSClientTests {
    private let group = MultiThreadedEventLoopGroup.singleton

    @Test func timesOutAgainstASilentServer() async throws {
        let silent = try await DNSTestServer.start(host: "127.0.5.54") { _ in nil }
        Teardown.add { await silent.stop() }
        let trace = Trace()
        let client = DNSClient(group: group, trace: trace)
        let start = Instant.now()
        await #expect(throws: DNSClientError.timeout(name: "example.com", server: "127.0.5.54:\(silent.address.port ?? 0)",
                                                     after: .milliseconds(300))) {
            try await client.resolve("example.com", server: silent.address, from: "127.0.1.7", timeout: .milliseconds(300))
        }
        let took = Instant.now().milliseconds(since: start)
        // A lower bound only: how late the timer fires is the machine's business. That the 300 ms
        // timeout (not the 1 s retransmission) ended it shows in the count and the trace.
        #expect(took >= 299.9, "gave up after \(took) ms")
        #expect(silent.count == 1, "one query: the first retransmission would come after a second")
        #expect(trace.events.map(\.kind) == [.dnsQuerySent, .dnsAnswerReceived])
        #expect(trace.events.last?.detail == "name=example.com error=timeout after 300ms")
    }

    @Test func aLostQueryIsSentAgainAfterASecond() async throws {
        // The server ignores the first datagram (as if it were lost) and answers the next.
        let seen = Mutex(0)
        let flaky = try await DNSTestServer.start(host: "127.0.5.59") { bytes in
            guard seen.withLock({ $0 += 1; return $0 }) > 1, let query = try? DNSMessage(parsing: bytes) else { return nil }
            return try? query.response(answers: [try! DNSRecord.a(name: "example.com", address: "127.0.9.9")]).encoded()
        }
        Teardown.add { await flaky.stop() }
        let trace = Trace()
        let client = DNSClient(group: group, trace: trace)
        let start = Instant.now()
        let address = try await client.resolve("example.com", server: flaky.address, from: "127.0.1.7", timeout: .seconds(3))
        let took = Instant.now().milliseconds(since: start)
        #expect(address == "127.0.9.9")
        // Lower bound only; that the answer came from the retransmission shows in the count and trace.
        #expect(took >= 999, "answered after the retransmission at 1 s, took \(took) ms")
        #expect(flaky.count == 2)
        #expect(trace.events.map(\.kind) == [.dnsQuerySent, .dnsQuerySent, .dnsAnswerReceived])
        #expect(trace.events[1].detail.hasSuffix("retransmission"))
    }

    @Test func rejectsAnAnswerToAnotherQuestion() async throws {
        let liar = try await DNSTestServer.start(host: "127.0.5.55") { bytes in
            guard let query = try? DNSMessage(parsing: bytes) else { return nil }
            var other = DNSMessage.query(id: query.id, name: "other.test").response(answers: [])
            other.answers = [try! DNSRecord.a(name: "other.test", address: "6.6.6.6")]
            return try? other.encoded()
        }
        Teardown.add { await liar.stop() }
        let client = DNSClient(group: group, trace: Trace())
        await #expect(throws: DNSClientError.malformed(name: "example.com", reason: "the response answers another question")) {
            try await client.resolve("example.com", server: liar.address, from: "127.0.1.7", timeout: .seconds(2))
        }
    }

    @Test func rejectsGarbage() async throws {
        let noisy = try await DNSTestServer.start(host: "127.0.5.56") { bytes in
            Array(bytes.prefix(2)) + [0x81, 0x80, 0xFF]           // the right ID, then nonsense
        }
        Teardown.add { await noisy.stop() }
        let client = DNSClient(group: group, trace: Trace())
        do {
            _ = try await client.resolve("example.com", server: noisy.address, from: "127.0.1.7", timeout: .seconds(2))
            Issue.record("garbage was accepted")
        } catch {
            guard case .malformed(let name, _) = error else {
                Issue.record("expected .malformed, got \(error)")
                return
            }
            #expect(name == "example.com")
        }
    }

    @Test func ignoresAnswersWithAnotherID() async throws {
        let wrong = try await DNSTestServer.start(host: "127.0.5.57") { bytes in
            guard let query = try? DNSMessage(parsing: bytes) else { return nil }
            var reply = query.response(answers: [try! DNSRecord.a(name: "example.com", address: "6.6.6.6")])
            reply.id = query.id &+ 1
            return try? reply.encoded()
        }
        Teardown.add { await wrong.stop() }
        let client = DNSClient(group: group, trace: Trace())
        await #expect(throws: DNSClientError.timeout(name: "example.com", server: "127.0.5.57:\(wrong.address.port ?? 0)",
                                                     after: .milliseconds(200))) {
            try await client.resolve("example.com", server: wrong.address, from: "127.0.1.7", timeout: .milliseconds(200))
        }
    }

    @Test func serverFailureAndMissingAddressAreDistinct() async throws {
        let failing = try await DNSTestServer.start(host: "127.0.5.58") { bytes in
            guard let query = try? DNSMessage(parsing: bytes) else { return nil }
            return try? query.response(code: query.questions.first?.name == "fail.test" ? .serverFailure : .noError).encoded()
        }
        Teardown.add { await failing.stop() }
        let client = DNSClient(group: group, trace: Trace())
        await #expect(throws: DNSClientError.serverError(name: "fail.test", code: "SERVFAIL")) {
            try await client.resolve("fail.test", server: failing.address, from: "127.0.1.7", timeout: .seconds(2))
        }
        await #expect(throws: DNSClientError.noAddress(name: "empty.test")) {
            try await client.resolve("empty.test", server: failing.address, from: "127.0.1.7", timeout: .seconds(2))
        }
    }

    @Test func aBadNameIsRejectedBeforeSending() async throws {
        let client = DNSClient(group: group, trace: Trace())
        let server = try SocketAddress(ipAddress: "127.0.5.59", port: 53)
        do {
            _ = try await client.resolve("a..b", server: server, from: "127.0.1.7", timeout: .seconds(1))
            Issue.record("an invalid name was sent")
        } catch {
            guard case .invalidName(let name, _) = error else {
                Issue.record("expected .invalidName, got \(error)")
                return
            }
            #expect(name == "a..b")
        }
    }
}

/// Raw DNS exchanges and small helpers for the resolver tests.
enum DNSTestExchange {
    /// Sends `query` to `server` from `source` with a `DNSClient`-free socket; returns the parsed reply.
    static func send(_ query: DNSMessage, to server: SocketAddress, from source: String) async throws -> DNSMessage {
        let box = DNSReplyBox()
        let socket = try await DNSTestServer.start(host: source) { bytes in
            box.bytes.withLock { $0 = bytes }
            return nil
        }
        Teardown.add { await socket.stop() }
        try await socket.channel.writeAndFlush(AddressedEnvelope(remoteAddress: server,
                                                                 data: socket.channel.allocator.buffer(bytes: try query.encoded())))
        guard await until(timeout: 2, { box.bytes.withLock { $0 } != nil }), let bytes = box.bytes.withLock({ $0 }) else {
            throw DNSTestFailure(description: "no reply from \(server)")
        }
        return try DNSMessage(parsing: bytes)
    }

    /// Polls `condition` every millisecond until it holds or `timeout` seconds pass.
    static func until(timeout: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = Instant.now().adding(seconds: timeout)
        while Instant.now() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return await condition()
    }

    /// The median of `values`.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }
}

/// Holds the reply a raw exchange received.
final class DNSReplyBox: Sendable {
    let bytes = Mutex<[UInt8]?>(nil)
}

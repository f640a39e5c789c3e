import NIOCore
import Testing
import StapleCore
import StapleLinks
@testable import StapleActors

/// Every query the resolver can read gets an answer or an error code, also when a name in it
/// cannot be written back.
@Suite struct ResolverUnencodableTests {
    /// A query with ID 0x4242, RD, for `labels` (raw bytes each), type A, class IN.
    static func query(labels: [[UInt8]], opcode: UInt8 = 0) -> [UInt8] {
        var bytes: [UInt8] = [0x42, 0x42, 0x01 | opcode << 3, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in labels {
            bytes.append(UInt8(label.count))
            bytes += label
        }
        bytes += [0, 0, 1, 0, 1]
        return bytes
    }

    static func answer(_ query: [UInt8]) throws -> DNSMessage {
        let core = ResolverCore(configuration: ResolverConfiguration(host: "127.0.0.1", records: ["example.com": "127.0.0.3"]),
                                trace: Trace())
        let buffer = ByteBuffer(bytes: query)
        let reply = try #require(core.answer(buffer.readableBytesView, from: try SocketAddress(ipAddress: "127.0.0.9", port: 5300),
                                             at: .now()))
        return try DNSMessage(parsing: reply)
    }

    @Test func aNameWithASpaceGetsServfail() throws {
        let query = Self.query(labels: [Array("a b".utf8), Array("test".utf8)])
        #expect((try? DNSMessage(parsing: query)) != nil, "the parser reads it")
        let reply = try Self.answer(query)
        #expect(reply.id == 0x4242)
        #expect(reply.isResponse)
        #expect(reply.responseCode == .serverFailure)
        #expect(reply.recursionDesired)
        #expect(reply.questions.isEmpty)
    }

    @Test func anotherOpcodeWithAnUnencodableNameStillGetsAnAnswer() throws {
        let reply = try Self.answer(Self.query(labels: [Array("a b".utf8)], opcode: 2))
        #expect(reply.id == 0x4242)
        #expect(reply.opcode == 2)
        #expect(reply.responseCode == .serverFailure)
    }

    @Test func anOrdinaryQueryIsStillAnswered() throws {
        let reply = try Self.answer(Self.query(labels: [Array("example".utf8), Array("com".utf8)]))
        #expect(reply.responseCode == .noError)
        #expect(reply.ipv4Answers == ["127.0.0.3"])
        #expect(reply.questions.map(\.name) == ["example.com"])
    }
}

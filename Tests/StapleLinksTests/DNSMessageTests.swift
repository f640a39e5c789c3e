import Testing
@testable import StapleLinks

@Suite struct DNSMessageTests {
    @Test func aQueryRoundTrips() throws {
        let query = DNSMessage.query(id: 0xBEEF, name: "example.com")
        let bytes = try query.encoded()
        #expect(bytes.count == 12 + 13 + 4)
        #expect(Array(bytes[0..<4]) == [0xBE, 0xEF, 0x01, 0x00])        // ID, RD set
        #expect(try DNSMessage(parsing: bytes) == query)
    }

    @Test func anAnswerRoundTrips() throws {
        let query = DNSMessage.query(id: 7, name: "example.com")
        let response = query.response(answers: [try .a(name: "example.com", address: "127.0.2.10", ttl: 300)])
        let parsed = try DNSMessage(parsing: try response.encoded())
        #expect(parsed.isResponse)
        #expect(parsed.isAuthoritative)
        #expect(parsed.id == 7)
        #expect(parsed.ipv4Answers == ["127.0.2.10"])
        #expect(parsed.answers.first?.ttl == 300)
        #expect(parsed.questions == query.questions)
    }

    @Test func nxdomain() throws {
        let response = DNSMessage.query(id: 9, name: "nowhere.test").response(code: .nameError)
        let bytes = try response.encoded()
        #expect(bytes[3] & 0x0F == 3)
        let parsed = try DNSMessage(parsing: bytes)
        #expect(parsed.responseCode == .nameError)
        #expect(parsed.responseCode.description == "NXDOMAIN")
        #expect(parsed.answers.isEmpty)
    }

    @Test func followsCompressionPointers() throws {
        // Header: id 1, QR|RD|RA, 1 question, 1 answer; question example.com A IN;
        // answer name = pointer to offset 12 (0xC00C), A IN ttl 60, 1.2.3.4.
        let bytes: [UInt8] = [0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
                              7] + Array("example".utf8) + [3] + Array("com".utf8) + [0, 0, 1, 0, 1,
                              0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]
        let message = try DNSMessage(parsing: bytes)
        #expect(message.answers.first?.name == "example.com")
        #expect(message.ipv4Answers == ["1.2.3.4"])
    }

    @Test func rejectsBrokenMessages() {
        #expect(throws: DNSMessageError.truncated(field: "header", offset: 5)) { try DNSMessage(parsing: [0, 1, 2, 3, 4]) }
        // A pointer to itself.
        let loop: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0, 1, 0, 1]
        #expect(throws: DNSMessageError.badPointer(offset: 12)) { try DNSMessage(parsing: loop) }
        #expect(throws: DNSMessageError.invalidAddress("300.1.1.1")) { try DNSRecord.a(name: "x", address: "300.1.1.1") }
        #expect(throws: DNSMessageError.invalidName("a..b")) { try DNSMessage.query(id: 1, name: "a..b").encoded() }
        let longLabel = String(repeating: "x", count: 64) + ".test"
        #expect(throws: DNSMessageError.nameTooLong(longLabel)) { try DNSMessage.query(id: 1, name: longLabel).encoded() }
    }
}

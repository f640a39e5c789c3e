import Testing
@testable import StapleLinks

@Suite struct OCSPSerialReaderTests {
    @Test func readsTheSerialOfARequestMadeByOpenSSL() throws {
        let serials = try OCSPSerialReader.requestSerials(try Fixtures.request()[...])
        #expect(serials.map { Array($0) } == [[0x00, 0x8F, 0x01]])
    }

    @Test func readsTheSerialOfAResponseMadeByOpenSSL() throws {
        let serials = try OCSPSerialReader.responseSerials(try Fixtures.response()[...])
        #expect(serials.map { Array($0) } == [[0x00, 0x8F, 0x01]])
    }

    @Test func anUnsuccessfulResponseHasNoSerial() throws {
        // OCSPResponse { responseStatus tryLater(3) } — RFC 6960 §4.2.1
        #expect(try OCSPSerialReader.responseSerials([0x30, 0x03, 0x0A, 0x01, 0x03][...]).isEmpty)
    }

    @Test func aRequestIsNotAResponse() throws {
        #expect(throws: DERError.self) { try OCSPSerialReader.responseSerials(try Fixtures.request()[...]) }
    }

    @Test func tokensKeepTheLeadingZero() {
        #expect(OCSPSerialToken.make(content: [0x00, 0x8F, 0x01]) == "serial:008F01")
        #expect(OCSPSerialToken.make(content: [0x0A, 0xBC]) == "serial:0ABC")
    }

    @Test func readsTheDNSNamesOfACertificate() throws {
        #expect(try CertificateNameReader.dnsNames(try Fixtures.leafDER()[...]) == ["example.com", "www.example.com"])
    }
}

import Testing
@testable import StapleLinks

@Suite struct HTTPTapReaderTests {
    private func read(_ stream: [UInt8], requests: Bool, chunk: Int = .max) -> [TapFinding] {
        var parser = TapStreamParser(direction: requests ? .forward : .backward)
        var findings: [TapFinding] = []
        var index = 0
        while index < stream.count {
            let end = min(stream.count, index + chunk)
            parser.consume(stream[index..<end], into: &findings)
            index = end
        }
        return findings
    }

    @Test func readsPostedOCSPRequestSerialAndHost() throws {
        let stream = try Fixtures.ocspPost()
        let expected: [TapFinding] = [.httpRequest(line: "POST / HTTP/1.1", host: "ocsp.test"),
                                      .ocspRequestSerial(OpenSSLTool.PKI.serialToken)]
        #expect(read(stream, requests: true) == expected)
        #expect(read(stream, requests: true, chunk: 3) == expected)
    }

    @Test func readsTheSerialOfAGetRequest() throws {
        let findings = read(try Fixtures.ocspGet(), requests: true, chunk: 11)
        #expect(findings.contains(.ocspRequestSerial(OpenSSLTool.PKI.serialToken)))
        #expect(findings.contains { if case .httpRequest(_, "ocsp.test") = $0 { true } else { false } })
    }

    @Test func aGetForAnOrdinaryPathHasNoSerial() {
        let findings = read(Array("GET /index.html HTTP/1.1\r\nHost: Example.com:8443\r\n\r\n".utf8), requests: true)
        #expect(findings == [.httpRequest(line: "GET /index.html HTTP/1.1", host: "example.com")])
    }

    @Test func followsKeepAliveRequests() throws {
        let stream = try Fixtures.ocspPost(host: "a.test") + Fixtures.ocspGet(host: "b.test")
        let hosts = read(stream, requests: true, chunk: 50).compactMap { finding -> String? in
            if case .httpRequest(_, let host) = finding { return host }
            return nil
        }
        #expect(hosts == ["a.test", "b.test"])
    }

    @Test func readsTheSerialOfAnOCSPResponseInEveryFraming() throws {
        let body = try Fixtures.response()
        let token = OpenSSLTool.PKI.serialToken
        #expect(read(try Fixtures.ocspHTTPResponse(), requests: false, chunk: 64) == [.ocspResponseSerial(token)])

        var chunked = Array("HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        let half = body.count / 2
        for part in [Array(body[..<half]), Array(body[half...])] {
            chunked += Array(String(part.count, radix: 16).utf8) + [13, 10] + part + [13, 10]
        }
        chunked += Array("0\r\n\r\n".utf8)
        #expect(read(chunked, requests: false, chunk: 5) == [.ocspResponseSerial(token)])

        let untilClose = Array("HTTP/1.0 200 OK\r\nContent-Type: application/ocsp-response\r\n\r\n".utf8) + body
        #expect(read(untilClose, requests: false, chunk: 64) == [.ocspResponseSerial(token)])
    }

    @Test func otherContentTypesAreNotParsed() throws {
        let body = try Fixtures.response()
        let stream = Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        #expect(read(stream, requests: false).isEmpty)
    }

    @Test func hostWithoutPort() {
        #expect(HTTPTapReader.hostWithoutPort("ocsp.test:8080") == "ocsp.test")
        #expect(HTTPTapReader.hostWithoutPort("[::1]:80") == "::1")
        #expect(HTTPTapReader.hostWithoutPort("Example.COM") == "example.com")
    }
}

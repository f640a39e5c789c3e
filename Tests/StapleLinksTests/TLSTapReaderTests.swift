import Testing
@testable import StapleLinks

@Suite struct TLSTapReaderTests {
    private func read(_ stream: [UInt8], fromClient: Bool, chunk: Int = .max) -> (findings: [TapFinding], stoppedInClear: Bool) {
        var reader = TLSTapReader(fromClient: fromClient)
        var findings: [TapFinding] = []
        var index = 0
        while index < stream.count {
            let end = min(stream.count, index + chunk)
            reader.consume(stream[index..<end], into: &findings)
            index = end
        }
        // Stopped reading in clear: encrypted from here (record headers only), or not TLS at all.
        return (findings, reader.isFinished || reader.isEncrypted)
    }

    @Test func readsTheSNIEvenOneByteAtATime() {
        let stream = TLSBytes.record(22, TLSBytes.clientHello(sni: "Example.com"))
        #expect(read(stream, fromClient: true).findings == [.serverName("example.com")])
        #expect(read(stream, fromClient: true, chunk: 1).findings == [.serverName("example.com")])
    }

    @Test func aClientHelloSpanningTwoRecordsIsReassembled() {
        let message = TLSBytes.clientHello(sni: "split.example")
        let stream = TLSBytes.record(22, Array(message[..<20])) + TLSBytes.record(22, Array(message[20...]))
        #expect(read(stream, fromClient: true, chunk: 7).findings == [.serverName("split.example")])
    }

    @Test func noSNINoFinding() {
        #expect(read(TLSBytes.record(22, TLSBytes.clientHello(sni: nil)), fromClient: true).findings.isEmpty)
    }

    @Test func aTLS12CertificateStatusIsClaimed() throws {
        let response = try Fixtures.response()
        let stream = TLSBytes.record(22, TLSBytes.serverHello(tls13: false))
            + TLSBytes.record(22, TLSBytes.certificate(try Fixtures.leafDER()) + TLSBytes.certificateStatus(response))
            + TLSBytes.record(22, TLSBytes.handshake(14, []))
        let result = read(stream, fromClient: false, chunk: 100)
        #expect(result.findings == [.certificateName("example.com"), .stapleSerial(OpenSSLTool.PKI.serialToken)])
    }

    @Test func aTLS13StapleIsNeverClaimed() throws {
        // After a ServerHello selecting TLS 1.3 everything is encrypted; even bytes that happen to
        // look like a CertificateStatus must not be claimed.
        let response = try Fixtures.response()
        let stream = TLSBytes.record(22, TLSBytes.serverHello(tls13: true))
            + TLSBytes.record(22, TLSBytes.certificateStatus(response))
        let result = read(stream, fromClient: false)
        #expect(result.findings.isEmpty)
        #expect(result.stoppedInClear)
    }

    @Test func stopsAtChangeCipherSpec() throws {
        let stream = TLSBytes.record(22, TLSBytes.serverHello(tls13: false)) + TLSBytes.record(20, [1])
            + TLSBytes.record(22, TLSBytes.certificateStatus(try Fixtures.response()))
        let result = read(stream, fromClient: false)
        #expect(result.findings.isEmpty)
        #expect(result.stoppedInClear)
    }

    @Test func somethingThatIsNotTLSStopsTheReader() {
        let result = read(Array("GET / HTTP/1.1\r\n\r\n".utf8), fromClient: true)
        #expect(result.findings.isEmpty)
        #expect(result.stoppedInClear)
    }
}

import StapleCore
import Testing
@testable import StapleLinks

/// The messages each tap parser recognises, and when: every stream is fed split in two at every
/// position, the first part stamped 1 µs, the second 2 µs, so each message must carry the stamp
/// of the part that holds its first byte.
@Suite struct WireMessageParserTests {
    private static let early = WireStamp(sentAt: Instant(nanoseconds: 1_000), deliveredAt: Instant(nanoseconds: 1_500))
    private static let late = WireStamp(sentAt: Instant(nanoseconds: 2_000), deliveredAt: nil)

    /// A stream and the messages in it, each with the position of its first byte.
    private struct Stream {
        var bytes: [UInt8] = []
        var expected: [(WireMessage, Int)] = []

        mutating func add(_ piece: [UInt8], _ messages: [(WireMessage, Int)] = []) {
            expected += messages.map { ($0.0, bytes.count + $0.1) }
            bytes += piece
        }
    }

    /// Feeds `stream` split at every position and checks the messages, their order and stamps.
    private func checkEverySplit(_ stream: Stream, direction: WireDirection) {
        for split in 0...stream.bytes.count {
            var parser = TapStreamParser(direction: direction)
            var findings: [TapFinding] = []
            var events: [WireEvent] = []
            parser.consume(stream.bytes[..<split], stamp: Self.early, into: &findings, messages: &events)
            parser.consume(stream.bytes[split...], stamp: Self.late, into: &findings, messages: &events)
            let wanted = stream.expected.map { message, position -> WireEvent in
                let stamp = position < split ? Self.early : Self.late
                return WireEvent(message: message, direction: direction, sentAt: stamp.sentAt, deliveredAt: stamp.deliveredAt)
            }
            #expect(events == wanted, "split at \(split)")
            if events != wanted { return }
        }
    }

    @Test func tls12ServerFlightAndWhatFollowsEncrypted() throws {
        let response = try Fixtures.response()
        let leaf = try Fixtures.leafDER()
        let hello = TLSBytes.serverHello(tls13: false)
        let certificate = TLSBytes.certificate(leaf)
        let status = TLSBytes.certificateStatus(response)
        let done = TLSBytes.handshake(14, [])
        var stream = Stream()
        stream.add(TLSBytes.record(22, hello), [(.tlsServerHello(version: 0x0303, retry: false), 5)])
        // Three messages in one record: each is timed by its own first byte.
        stream.add(TLSBytes.record(22, certificate + status + done),
                   [(.tlsHandshake(.certificate, length: certificate.count - 4), 5),
                    (.tlsHandshake(.certificateStatus, length: status.count - 4), 5 + certificate.count),
                    (.tlsHandshake(.serverHelloDone, length: 0), 5 + certificate.count + status.count)])
        stream.add(TLSBytes.record(20, [1]), [(.tlsChangeCipherSpec, 0)])
        stream.add(TLSBytes.record(22, Array(repeating: 0xA5, count: 40)), [(.tlsEncryptedFinished, 0)])
        stream.add(TLSBytes.record(23, Array(repeating: 0x5A, count: 300)), [(.tlsApplicationData(index: 0, length: 300), 0)])
        stream.add(TLSBytes.record(21, Array(repeating: 0x11, count: 26)), [(.tlsAlert(level: nil, description: nil), 0)])
        checkEverySplit(stream, direction: .backward)
    }

    @Test func aHandshakeMessageSpanningRecordsIsTimedByItsFirstByte() {
        let message = TLSBytes.clientHello(sni: "split.example")
        var stream = Stream()
        stream.add(TLSBytes.record(22, Array(message[..<20])), [(.tlsClientHello(serverName: "split.example"), 5)])
        stream.add(TLSBytes.record(22, Array(message[20...])))
        stream.add(TLSBytes.record(21, [2, 40]), [(.tlsAlert(level: 2, description: 40), 0)])
        checkEverySplit(stream, direction: .forward)
    }

    @Test func tls13ClientAndServer() {
        var client = Stream()
        client.add(TLSBytes.record(22, TLSBytes.clientHello(sni: "example.com")), [(.tlsClientHello(serverName: "example.com"), 5)])
        client.add(TLSBytes.record(20, [1]), [(.tlsChangeCipherSpec, 0)])
        client.add(TLSBytes.record(23, Array(repeating: 1, count: 53)), [(.tlsApplicationData(index: 0, length: 53), 0)])
        client.add(TLSBytes.record(23, Array(repeating: 2, count: 90)), [(.tlsApplicationData(index: 1, length: 90), 0)])
        checkEverySplit(client, direction: .forward)

        var server = Stream()
        server.add(TLSBytes.record(22, TLSBytes.serverHello(tls13: true)), [(.tlsServerHello(version: 0x0304, retry: false), 5)])
        server.add(TLSBytes.record(20, [1]), [(.tlsChangeCipherSpec, 0)])
        // Encrypted records that happen to say "handshake" are not read in TLS 1.3.
        server.add(TLSBytes.record(23, Array(repeating: 3, count: 2_000)), [(.tlsApplicationData(index: 0, length: 2_000), 0)])
        server.add(TLSBytes.record(23, Array(repeating: 4, count: 10)), [(.tlsApplicationData(index: 1, length: 10), 0)])
        checkEverySplit(server, direction: .backward)
    }

    @Test func aHelloRetryRequestKeepsTheHandshakeInClear() {
        var body: [UInt8] = TLSBytes.u16(0x0303) + TLSTapReader.helloRetryRandom + [0] + [0x13, 0x01] + [0]
        let extensions: [UInt8] = TLSBytes.u16(43) + TLSBytes.u16(2) + [3, 4]
        body += TLSBytes.u16(extensions.count) + extensions
        var stream = Stream()
        stream.add(TLSBytes.record(22, TLSBytes.handshake(2, body)), [(.tlsServerHello(version: 0x0304, retry: true), 5)])
        stream.add(TLSBytes.record(22, TLSBytes.serverHello(tls13: true)), [(.tlsServerHello(version: 0x0304, retry: false), 5)])
        checkEverySplit(stream, direction: .backward)
    }

    @Test func applicationRecordsStopAtTheLimit() {
        var stream = Stream()
        stream.add(TLSBytes.record(22, TLSBytes.serverHello(tls13: true)), [(.tlsServerHello(version: 0x0304, retry: false), 5)])
        for index in 0..<(TLSTapReader.applicationRecordLimit + 3) {
            let expected: [(WireMessage, Int)] = index < TLSTapReader.applicationRecordLimit
                ? [(.tlsApplicationData(index: index, length: 7), 0)] : []
            stream.add(TLSBytes.record(23, Array(repeating: 9, count: 7)), expected)
        }
        checkEverySplit(stream, direction: .backward)
    }

    @Test func httpRequestsAndResponsesOnAKeepAliveConnection() throws {
        let post = try Fixtures.ocspPost(host: "a.test")
        let get = Array("GET /b HTTP/1.1\r\nHost: b.test:80\r\n\r\n".utf8)
        var requests = Stream()
        requests.add(post, [(.httpRequest(method: "POST", target: "/", host: "a.test"), 0)])
        requests.add(get, [(.httpRequest(method: "GET", target: "/b", host: "b.test"), 0)])
        checkEverySplit(requests, direction: .forward)

        let first = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".utf8)
        let second = Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".utf8)
        var responses = Stream()
        responses.add(first, [(.httpResponse(status: 200), 0)])
        responses.add(second, [(.httpResponse(status: 404), 0)])
        checkEverySplit(responses, direction: .backward)
    }

    @Test func streamStampsStayBounded() {
        var stamps = StreamStamps()
        for index in 0..<(4 * StreamStamps.window) {
            stamps.append(count: 1, stamp: WireStamp(sentAt: Instant(nanoseconds: UInt64(index)), deliveredAt: nil))
        }
        #expect(stamps.count <= 2 * StreamStamps.window + 1)
        let end = stamps.end
        #expect(stamps.stamp(at: end - 1)?.sentAt == Instant(nanoseconds: UInt64(end - 1)))
        #expect(stamps.stamp(at: end - StreamStamps.window)?.sentAt == Instant(nanoseconds: UInt64(end - StreamStamps.window)))
    }

    @Test func aSessionRecordsAtMostItsLimitAndALinkAtMostItsBudget() {
        let trace = Trace()
        let session = TapSession(link: "l", observerAddress: "127.0.0.9:1", clientAddress: "127.0.0.8",
                                 connection: ConnectionID(77), trace: trace, budget: WireBudget())
        var alerts: [UInt8] = []
        for _ in 0..<(TapSession.messageLimit + 50) { alerts += TLSBytes.record(21, [1, 0]) }
        session.inspect(.forward, alerts, stamp: Self.early)
        let wire = trace.events.compactMap(\.wire)
        #expect(wire.count == TapSession.messageLimit)
        #expect(trace.events.allSatisfy { $0.party == .link("l") && $0.kind == .wireMessage && $0.connection == ConnectionID(77) })

        let small = Trace()
        let budget = WireBudget(limit: 3)
        for index in 0..<5 {
            let tap = TapSession(link: "l", observerAddress: "", clientAddress: "", connection: ConnectionID(UInt64(index + 1)),
                                 trace: small, budget: budget)
            tap.closed(.forward, stamp: Self.early)
            tap.closed(.forward, stamp: Self.late)   // once per direction
        }
        #expect(small.events.filter { $0.kind == .wireMessage }.count == 3)
        #expect(small.events.filter { $0.kind == .linkFault }.map(\.detail) == ["wire events beyond 3 not recorded"])
    }
}

import Testing
import StapleCore
@testable import StapleLinks

/// The tap reads whatever crosses a link: random and mutated bytes must never crash it, and
/// pure noise must never make it claim anything.
@Suite struct TapFuzzTests {
    private func feed(_ bytes: [UInt8], direction: WireDirection, rng: inout SeededGenerator) -> [TapFinding] {
        var parser = TapStreamParser(direction: direction)
        var findings: [TapFinding] = []
        var index = 0
        var rounds = 0
        while index < bytes.count, rounds < 10_000 {
            let size = Int.random(in: 1...64, using: &rng)
            let end = min(bytes.count, index + size)
            parser.consume(bytes[index..<end], into: &findings)
            index = end
            rounds += 1
        }
        return findings
    }

    private func wellFormed(_ finding: TapFinding) -> Bool {
        switch finding {
        case .ocspRequestSerial(let token), .ocspResponseSerial(let token), .stapleSerial(let token):
            return token.hasPrefix("serial:") && token.dropFirst(7).allSatisfy(\.isHexDigit) && token.count > 7
        case .serverName(let name), .certificateName(let name), .dnsQuery(let name):
            return !name.isEmpty && name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        case .httpRequest(let line, _):
            return !line.isEmpty
        }
    }

    @Test func randomBytesAreNeverClaimed() {
        var rng = SeededGenerator(seed: 2024)
        for round in 0..<300 {
            let length = Int.random(in: 0...2_000, using: &rng)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Half the inputs start like a TLS handshake record to get past the sniffing.
            if round % 2 == 0, bytes.count > 5 { bytes[0] = 22; bytes[1] = 3; bytes[2] = 3 }
            for direction in [WireDirection.forward, .backward] {
                #expect(feed(bytes, direction: direction, rng: &rng).isEmpty)
            }
        }
    }

    @Test func mutatedRealStreamsNeverCrashTheTap() throws {
        let streams: [([UInt8], WireDirection)] = [
            (TLSBytes.record(22, TLSBytes.clientHello(sni: "example.com")), .forward),
            (TLSBytes.record(22, TLSBytes.serverHello(tls13: false))
                + TLSBytes.record(22, TLSBytes.certificate(try Fixtures.leafDER()) + TLSBytes.certificateStatus(try Fixtures.response())), .backward),
            (try Fixtures.ocspPost(), .forward),
            (try Fixtures.ocspGet(), .forward),
            (try Fixtures.ocspHTTPResponse(), .backward),
        ]
        var rng = SeededGenerator(seed: 77)
        var claimed = 0
        for (stream, direction) in streams {
            #expect(!feed(stream, direction: direction, rng: &rng).isEmpty, "the unmutated stream is read")
            for _ in 0..<400 {
                var bytes = stream
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    let index = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: bytes[index] = UInt8.random(in: 0...255, using: &rng)
                    case 1: bytes[index] ^= 0x80
                    case 2: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...40, using: &rng)))
                    default: bytes.insert(contentsOf: [0xFF, 0x00, 0x84], at: index)
                    }
                    if bytes.isEmpty { bytes = [0] }
                }
                let findings = feed(bytes, direction: direction, rng: &rng)
                claimed += findings.count
                #expect(findings.allSatisfy(wellFormed), "\(findings)")
            }
        }
        #expect(claimed > 0)   // many mutations leave the interesting field intact
    }

    @Test func dnsParserSurvivesNoise() {
        var rng = SeededGenerator(seed: 5)
        var parsed = 0
        let query = (try? DNSMessage.query(id: 1, name: "example.com").encoded()) ?? []
        for _ in 0..<2_000 {
            var bytes = query
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if (try? DNSMessage(parsing: bytes)) != nil { parsed += 1 }
        }
        #expect(parsed < 2_000)
    }

    @Test func largeStreamsAreCutAtTheBudget() {
        var parser = TapStreamParser(direction: .forward)
        let chunk = [UInt8](repeating: UInt8(ascii: "A"), count: 64 * 1024)
        for _ in 0..<40 { _ = parser.consume(chunk) }
        #expect(parser.isFinished)
    }
}

import Foundation
import NIOCore
import NIOEmbedded
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// A measurement, not a test: the resident memory of the responder over many requests, with
/// the bounded log (`serve`) and with `keepLog` (a run). Runs only with STAPLEBENCH_SOAK=N
/// (the number of requests) and prints its figures.
@Suite struct ResponderSoakMeasurement {
    static var requests: Int? { ProcessInfo.processInfo.environment["STAPLEBENCH_SOAK"].flatMap(Int.init) }

    static func residentMB() -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }

    @Test(.enabled(if: requests != nil), arguments: [false, true])
    func residentMemoryOverManyRequests(keepLog: Bool) throws {
        let count = Self.requests ?? 0
        let world = try ActorWorld()
        let config = ResponderConfig(host: world.responderIP, authorities: world.pki.authorities(), keepLog: keepLog)
        // As `serve` runs it: a bounded trace with the bounded log; a run keeps everything.
        let (channel, core) = try ResponderLimitsTests.channel(config, trace: Trace(capacity: keepLog ? nil : 10_000))
        let leaf = try #require(world.pki.leaf(for: "example.com")).certificate
        let path = "/" + Base64.urlEscape(Base64.encode(try OCSPRequest(certificate: leaf, issuer: world.pki.root.certificate).der()))
        let request = "GET \(path) HTTP/1.1\r\nHost: ocsp\r\n\r\n"
        let before = Self.residentMB()
        let start = Date()
        var marks: [String] = []
        for number in 1...count {
            try channel.writeInbound(channel.allocator.buffer(string: request))
            while try channel.readOutbound(as: IOData.self) != nil {}
            if number % (count / 4) == 0 { marks.append(String(format: "%d: %.1f MB", number, Self.residentMB())) }
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "SOAK responder keepLog=%@ (trace bounded: %@) requests=%d RSS before %.1f MB after %.1f MB (%@) in %.1f s, log kept %d of %d",
                     "\(keepLog)", "\(!keepLog)", count, before, Self.residentMB(), marks.joined(separator: ", "), seconds,
                     core.requests.count, core.requestCount))
        #expect(core.requestCount == count)
    }
}

import Foundation
import Testing
@testable import StaplePKI

/// The responder under random and mutated input: never a crash, never an unsigned "good".
@Suite struct OCSPFuzzTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func tenThousandRandomAndMutatedRequests() throws {
        let f = try OCSPFixture()
        let seeds: [[UInt8]] = [try f.request().der(), try f.request(nonce: true).der(),
                                try f.request(for: "revoked.test").der()]
        var rng = SplitMix(state: 0x5EED)
        var statuses: [OCSPResponseStatus: Int] = [:]
        for iteration in 0..<10_000 {
            var input: [UInt8]
            switch iteration % 4 {
            case 0: // pure random bytes
                input = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1: // flip bytes of a valid request
                input = seeds[iteration % seeds.count]
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    input[Int.random(in: 0..<input.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                }
            case 2: // truncate or extend a valid request
                input = seeds[iteration % seeds.count]
                if Bool.random(using: &rng) {
                    input = Array(input.prefix(Int.random(in: 0..<input.count, using: &rng)))
                } else {
                    input += (0..<Int.random(in: 1...20, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                }
            default: // a plausible DER header with random content
                let body = (0..<Int.random(in: 0...120, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                input = [0x30, UInt8(truncatingIfNeeded: body.count)] + body
            }
            let result = f.responder.respond(to: input, timing: .init(now: f.now))
            statuses[result.responseStatus, default: 0] += 1
            if result.responseStatus == .successful {
                // Whatever it said, it signed it, and it is about the certificate it names.
                for answer in result.answers where answer.name != nil {
                    let host = answer.name!
                    let verdict = f.verify(result.der, host: host)
                    #expect(verdict.isTrustworthy, "iteration \(iteration): \(verdict)")
                }
            } else {
                #expect(result.der == OCSPResponder.errorResponse(result.responseStatus), "iteration \(iteration)")
                #expect(f.verify(result.der) == .rejected(.errorStatus(result.responseStatus)))
            }
        }
        #expect(statuses[.malformedRequest, default: 0] > 5000, "\(statuses)")
        #expect(statuses[.successful, default: 0] > 0, "some mutations keep the request valid: \(statuses)")
    }

    @Test func verifierSurvivesMutatedResponses() throws {
        let f = try OCSPFixture()
        let good = try f.response().der
        var rng = SplitMix(state: 0xFACE)
        var accepted = 0
        for _ in 0..<3000 {
            var input = good
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                input[Int.random(in: 0..<input.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            }
            if case .good = f.verify(input) { accepted += 1 }
        }
        // A mutation can only keep "good" where it hits bytes the signature does not cover
        // (the outer wrappers' unused parts); it must never be most of them.
        #expect(accepted < 300, "\(accepted) of 3000 mutated responses still verified good")
    }
}

import StapleCore
import StapleTestSupport
import Testing
@testable import StapleLinks

extension LinkSocketTests {
    /// Median round trip of `count` exchanges on an open connection, in ms.
    private func medianRoundTrip(_ client: ProbeClient, count: Int = 9) async throws -> Double {
        var samples: [Double] = []
        for index in 0..<count { samples.append(try await client.exchange([UInt8(index), 1, 2, 3])) }
        return TestLoop.median(samples)
    }

    /// "A request/response through a link with one-way delay d takes 2d plus the no-delay
    /// time, for d = 5 ms and 50 ms." The no-delay time is measured in the same test on the same
    /// connection; each figure is a median; a noisy attempt is retried (at most 5), and all
    /// attempts are reported. Every delayed exchange takes 2d at least (fails if the delay is not
    /// applied); the median is within 10 ms or 25 % of 2d plus the baseline — generous, as the
    /// other tests share the two cores (on a quiet machine it is within 1 ms or 5 %).
    @Test(.tags(.timing), arguments: [5.0, 50.0])
    func roundTripIsTwiceTheDelayPlusTheBaseline(delayMs: Double) async throws {
        let source = "127.0.1.28"
        let fixture = try await LinkFixture.make(routes: [source: LinkSpec(name: "acc", emulateTCPHandshake: false)])
        Teardown.add { await fixture.stop() }
        let client = try await fixture.connect(from: source)
        _ = try await medianRoundTrip(client, count: 3)   // warm-up

        var attempts: [String] = []
        var passed = false
        var fastest = Double.infinity
        for _ in 0..<5 where !passed {
            fixture.link.update(source: source, spec: LinkSpec(name: "acc", emulateTCPHandshake: false))
            let baseline = try await medianRoundTrip(client)
            fixture.link.update(source: source, spec: LinkSpec.symmetric(name: "acc", latency: .milliseconds(delayMs)))
            var samples: [Double] = []
            for index in 0..<9 { samples.append(try await client.exchange([UInt8(index), 1, 2, 3])) }
            fastest = min(fastest, samples.min()!)
            let delayed = TestLoop.median(samples)
            let expected = 2 * delayMs + baseline
            let tolerance = max(10.0, 0.25 * expected)
            let error = delayed - expected
            attempts.append("d=\(delayMs)ms baseline=\(fmt(baseline)) measured=\(fmt(delayed)) expected=\(fmt(expected)) error=\(fmt(error)) tolerance=\(fmt(tolerance))")
            passed = abs(error) <= tolerance
        }
        print("link accuracy: " + attempts.joined(separator: " | "))
        #expect(fastest >= 2 * delayMs - 0.01, "the fastest delayed exchange took \(fastest) ms, below 2d = \(2 * delayMs) ms")
        #expect(passed, "\(attempts)")
        await client.close()
    }

    private func fmt(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return "\(scaled)"
    }
}

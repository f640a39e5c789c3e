import Testing
import StapleCore
import StapleEngine
@testable import StapleSim

/// The simulator's lazy server gives up a hanging fetch after the scenario's `server.fetch_timeout`
/// (real seconds, scaled by `time_scale`), the same field the built-in server runs with.
@Suite struct FetchTimeoutTests {
    func lazyStapled(fetchTimeout: Delay?) throws -> (stats: PartStats, requests: Int) {
        var scenario = try SimTestSupport.shipped("responder-outage")
        scenario.sweep = []
        scenario.server.policy = .lazy
        scenario.modes = [.stapled]
        if let fetchTimeout { scenario.server.fetchTimeout = fetchTimeout }
        let result = SimTestSupport.replay(scenario)
        let part = try #require(result.parts.first)
        return (part.stats, part.origin.totalRequests)
    }

    @Test func aShorterFetchTimeoutBringsStaplesBackAfterTheHang() throws {
        let standard = try lazyStapled(fetchTimeout: nil)
        let short = try lazyStapled(fetchTimeout: .seconds(1))
        // The responder hangs from minute 6 to 30 and its responses last 10 minutes. With the
        // default 60 s (×120: two scenario hours, past the run's ~40 minutes) the fetch that
        // starts when the first response expires never ends: no staple after it, and every
        // handshake's client asks the responder itself.
        #expect(standard.stats.stapled == 10)
        #expect(standard.requests == 32)
        // With 1 s (two scenario minutes) it gives up, retries 300 s later, and one after the
        // hang brings staples back.
        #expect(short.stats.stapled == 27)
        #expect(short.requests == 20)
    }
}

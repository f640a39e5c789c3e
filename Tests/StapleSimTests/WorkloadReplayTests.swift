import Testing
import StapleCore
import StapleEngine
@testable import StapleSim

/// Replaying a scenario's own workload in virtual time: the counts a run of it makes.
@Suite struct WorkloadReplayTests {
    @Test func classicVsStapledCountsTheRunsRequestsAndAddsTheMeasuredCosts() throws {
        let result = SimTestSupport.replay(try SimTestSupport.shipped("classic-vs-stapled"))
        // Classic, no client cache: every one of the 22 connections (warm-up included) asks.
        // Stapled (lazy): the first handshake finds no staple, starts the server's fetch and
        // falls back to asking itself; every later one is stapled.
        #expect(SimTestSupport.requests(result) == ["|classic": 22, "|stapled": 2])
        let classic = try #require(result.parts.first { $0.mode == .classic }?.stats)
        let stapled = try #require(result.parts.first { $0.mode == .stapled }?.stats)
        #expect(classic.handshakes == 20 && classic.connected == 20 && classic.stapled == 0)
        #expect(stapled.handshakes == 20 && stapled.stapled == 20)
        // The model (README: stapled = DNS 10 + 3 × 40; classic adds 10 + 2 × 80 + 1) plus the costs.
        #expect(stapled.model.percentile(50) == 130)
        #expect(classic.model.percentile(50) == 301)
        let stapledP50 = try #require(stapled.latency.percentile(50))
        let classicP50 = try #require(classic.latency.percentile(50))
        #expect(abs(stapledP50 - (130 + CPUCost.milliseconds(verifiedStaple: true, fetches: 0))) < 1e-9)
        #expect(abs(classicP50 - (301 + CPUCost.milliseconds(verifiedStaple: false, fetches: 1))) < 1e-9)
    }

    @Test func revokedSiteLazyNeverStaplesItBlockingDoes() throws {
        let result = SimTestSupport.replay(try SimTestSupport.shipped("revoked"))
        // Classic: Alice asks once per site (then cached); Carol (Chrome) never asks.
        // Lazy: the server fetches each site once; Alice asks about good.example on the first,
        // unstapled visit, and about revoked.example (never stapled) once, then uses her cache.
        // Blocking: the server fetches both inside the first handshakes and staples both.
        #expect(SimTestSupport.requests(result) == [
            "server.policy=lazy|classic": 2, "server.policy=lazy|stapled": 4,
            "server.policy=blocking|classic": 2, "server.policy=blocking|stapled": 2,
        ])
        let blocking = try #require(result.parts.first { $0.label == "server.policy=blocking" && $0.mode == .stapled })
        #expect(blocking.stats.stapled == 20)
        // Half the counted visits are to revoked.example: refused by everyone once it is stapled.
        #expect(blocking.stats.hardFail == 10)
        #expect(blocking.responderPairs == 0, "the CA learns no client's visit when every handshake is stapled")
    }

    @Test func restartsCostALazyServerAFetchEachButNotAProactiveOne() throws {
        let result = SimTestSupport.replay(try SimTestSupport.shipped("must-staple-cold-start"))
        #expect(SimTestSupport.requests(result) == ["server.policy=lazy|stapled": 3, "server.policy=proactive|stapled": 1])
        let lazy = try #require(result.parts.first { $0.label == "server.policy=lazy" })
        // After each start (and restart), Alice (enforcing must-staple) is refused until the staple arrives.
        #expect(lazy.stats.hardFail == 3)
        let proactive = try #require(result.parts.first { $0.label == "server.policy=proactive" })
        #expect(proactive.stats.stapled == 18 && proactive.stats.hardFail == 0)
    }

    @Test func wholeChainClientsAskAboutTheIntermediateEvenWithAStaple() throws {
        let result = SimTestSupport.replay(try SimTestSupport.shipped("chain-check"))
        // Classic: Alice 11 × leaf, Sam 11 × (leaf + intermediate). Stapled: the server once,
        // Alice once before the staple arrives, Sam 11 × the intermediate.
        #expect(SimTestSupport.requests(result) == ["|classic": 33, "|stapled": 13])
    }

    @Test func aHangingResponderTimesClientsOut() throws {
        let result = SimTestSupport.replay(try SimTestSupport.shipped("responder-outage"))
        let classic = try #require(result.parts.first { $0.label == "server.policy=lazy" && $0.mode == .classic })
        // Alice (soft-fail, 2 s) waits out the hang and connects; Bob (hard-fail, 3 s) is refused.
        // The hang lasts 24 scenario minutes: Alice's visits there take 2 s each (4 scenario
        // minutes, longer than the 2-minute pace), Bob's 3 s (6 minutes): 6 of hers, 5 of his.
        #expect(classic.stats.softFail == 6)
        #expect(classic.stats.hardFail == 5)
        // A timed-out fetch costs the client's timeout: DNS 4 + 3 × 20 + 2,000 ms, plus the costs.
        let max = try #require(classic.stats.latency.max)
        #expect(abs(max - (2_064 + CPUCost.milliseconds(verifiedStaple: false, fetches: 1))) < 1e-9)
    }
}

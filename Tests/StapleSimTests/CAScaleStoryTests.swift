import Testing
import StapleCore
import StapleEngine
@testable import StapleSim

/// `Scenarios/ca-scale.yaml`'s story, simulated as shipped but over one day instead of two and at
/// three of its stapling shares (a debug build simulates the whole file in about 20 s): at today's
/// share the replica, scaled up, lands within an order of magnitude of Let's Encrypt's published
/// OCSP load; as the share grows the clients' requests and the CA's (client, site) pairs fall, and
/// the servers' own refreshes keep the responder busy — stapling moves the burden, it does not
/// remove the responder.
@Suite struct CAScaleStoryTests {
    @Test func todaysShareLandsNearLetsEncryptsLoadAndStaplingMovesTheBurden() throws {
        var scenario = try SimTestSupport.shipped("ca-scale")
        var population = try #require(scenario.simulation)
        #expect(population.staplingShares == [0, 0.3, 0.5, 0.75, 1], "the file's shares")
        population.duration = .seconds(86_400)
        population.staplingShares = [0, 0.3, 1]
        scenario.simulation = population
        let result = Simulator(scenario: scenario, population: population).run()
        #expect(result.parts.map(\.staplingShare) == [0, 0.3, 1])
        let (none, today, all) = (result.parts[0], result.parts[1], result.parts[2])

        // Let's Encrypt, before it turned OCSP off: ≈ 140,000/s at the CDN, ≈ 15,000/s at the
        // origin, ≈ 340 billion a month. Within an order of magnitude at today's share (0.3).
        let edge = today.edge.meanPerSecond * today.represents
        let origin = today.origin.meanPerSecond * today.represents
        let month = edge * SimulationWriter.monthSeconds
        #expect((14_000 ... 1_400_000).contains(edge), "scaled edge \(edge)/s")
        #expect((1_500 ... 150_000).contains(origin), "scaled origin \(origin)/s")
        #expect((34e9 ... 3.4e12).contains(month), "scaled edge \(month) a month")

        // The same visits at every share; more stapling, fewer requests and fewer pairs for the CA …
        #expect(none.visits == today.visits && today.visits == all.visits)
        #expect(none.stats.stapled == 0 && all.stats.stapled > 0 && today.stats.stapled > none.stats.stapled)
        #expect(none.edge.totalRequests > today.edge.totalRequests && today.edge.totalRequests > all.edge.totalRequests)
        #expect(none.responderPairs > today.responderPairs && today.responderPairs > all.responderPairs)
        // … but not none: at 100 % the servers still refresh (nginx, hourly while a site is visited).
        #expect(all.edge.totalRequests * 10 > none.edge.totalRequests,
                "at 100 % still more than a tenth of the load at 0 %: \(all.edge.totalRequests) against \(none.edge.totalRequests)")
    }
}

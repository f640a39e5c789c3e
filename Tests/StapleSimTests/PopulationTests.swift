import Testing
import StapleCore
import StapleEngine
@testable import StapleSim

/// Populations: Poisson visits with Zipf popularity, stapling shares, a CDN, and the schema's errors.
@Suite struct PopulationTests {
    static func scenario(_ simulation: String, clients: String = "[{ name: A, profile: firefox, method: get }]",
                         extra: String = "") throws -> Scenario {
        try ScenarioLoader.load(text: """
            name: pop
            modes: [stapled]
            sites: [{ host: s.example }]
            clients: \(clients)
            responder: { validity: 7d, max_age: 12h }
            \(extra)
            simulation: \(simulation)
            """, fileName: "pop.yaml")
    }

    static func run(_ scenario: Scenario) -> SimulationResult {
        Simulator(scenario: scenario, population: scenario.simulation).run()
    }

    @Test func theSameSeedGivesTheSameNumbers() throws {
        let scenario = try Self.scenario("{ clients: 200, sites: 50, duration: 1d, visits_per_day: 30, stapling_share: [0, 1] }")
        let first = Self.run(scenario), second = Self.run(scenario)
        #expect(first.parts.map(\.origin.totalRequests) == second.parts.map(\.origin.totalRequests))
        #expect(first.parts.map(\.visits) == second.parts.map(\.visits))
        // About 200 × 30 visits, the same ones for both shares.
        #expect(first.parts[0].visits == first.parts[1].visits)
        #expect((5_600...6_400).contains(first.parts[0].visits))
    }

    @Test func staplingMovesTheLoadFromClientsToServers() throws {
        let scenario = try Self.scenario("{ clients: 500, sites: 20, duration: 2d, visits_per_day: 50, stapling_share: [0, 1] }")
        let result = Self.run(scenario)
        let none = result.parts[0], all = result.parts[1]
        // No server staples: every client asks for each site at most once per 12 h max-age window.
        #expect(none.stats.stapled == 0)
        #expect(none.responderPairs == none.visitedPairs, "the CA learns every pair visited")
        // Every server staples: lazy servers fetch about hourly while visited; clients only on a
        // cold server's first handshakes.
        #expect(all.stats.stapled > all.stats.handshakes * 99 / 100)
        #expect(all.origin.totalRequests < none.origin.totalRequests / 5)
        #expect(all.responderPairs < all.visitedPairs / 10)
        // Lazy refreshes: at most one fetch per site per ~hour (+ the first), 20 sites, 48 h.
        #expect(all.origin.totalRequests <= 20 * 49 + all.responderPairs)
    }

    @Test func aCDNAnswersRepeatedGETsFromItsCache() throws {
        let scenario = try Self.scenario(
            "{ clients: 1000, sites: 1, duration: 10h, visits_per_day: 10, stapling_share: 0, cdn: { max_age: 1d } }")
        let part = try #require(Self.run(scenario).parts.first)
        // One site, one edge cache that keeps the answer a day: the origin is asked once.
        #expect(part.origin.totalRequests == 1)
        // Each client asks the edge once (its own cache keeps the answer for the 12 h max-age).
        #expect(part.edge.totalRequests == part.visitedPairs)
    }

    @Test func postsBypassTheCDN() throws {
        let scenario = try Self.scenario(
            "{ clients: 300, sites: 1, duration: 10h, visits_per_day: 10, stapling_share: 0, cdn: { max_age: 1d } }",
            clients: "[{ name: A, profile: firefox }]")
        let part = try #require(Self.run(scenario).parts.first)
        #expect(part.origin.totalRequests == part.edge.totalRequests)
        #expect(part.origin.totalRequests == part.visitedPairs)
    }

    @Test func memoryIsSetByTheCachesNotTheHandshakes() throws {
        let scenario = try Self.scenario("{ clients: 100, sites: 10, duration: 30d, visits_per_day: 200, stapling_share: 0.5 }")
        let part = try #require(Self.run(scenario).parts.first)
        #expect(part.visits > 500_000)
        // Latencies are kept as distinct values with counts: a handful, not one per handshake.
        #expect(part.stats.latency.distinctValues <= 8)
        #expect(part.cacheEntries <= 100 * 11 + 10)
    }

    @Test func everyModesMemoryIsBoundedByTheCachesAndStopsGrowingWithTheHandshakes() throws {
        // 20 clients × 100 visits a day over 5 sites: every (client, site) pair is seen within the
        // first days, so doubling the period doubles the handshakes and must add no cache entry.
        let clients = 20, sites = 5
        func parts(days: Int) throws -> [SimulationPart] {
            var scenario = try Self.scenario("{ clients: \(clients), sites: \(sites), duration: \(days)d, visits_per_day: 100, stapling_share: 0.5 }")
            scenario.modes = [.classic, .stapled, .crl, .pushed, .shortLived]
            return Self.run(scenario).parts
        }
        let month = try parts(days: 10), twoMonths = try parts(days: 20)
        for (short, long) in zip(month, twoMonths) {
            let what = short.mode.rawValue
            #expect(long.visits > short.visits * 19 / 10, "\(what)")
            // Caches: at most one entry per (client, certificate or list) and per server staple;
            // once every pair has been seen, twice the handshakes add none.
            #expect(short.cacheEntries <= clients * (sites + 1) + sites + clients * 2, "\(what): \(short.cacheEntries)")
            #expect(long.cacheEntries == short.cacheEntries, "\(what): \(short.cacheEntries) then \(long.cacheEntries)")
            // Every (client, site) pair the CA learns from a caching client's request leaves an
            // entry in that client's cache: the privacy ledger is bounded by the caches too.
            #expect(short.responderPairs <= short.clientCacheEntries, "\(what)")
            #expect(short.responderPairs <= short.visitedPairs && short.visitedPairs <= clients * sites, "\(what)")
        }
    }

    @Test func badNumbersAreNamedWithFileLineAndRange() {
        func errors(_ simulation: String) -> [ScenarioError] {
            do {
                _ = try Self.scenario(simulation)
                return []
            } catch {
                return (error as? ScenarioErrors)?.errors ?? []
            }
        }
        let zipf = errors("{ zipf: 7 }")
        #expect(zipf.map(\.code) == [.outOfRange])
        #expect(zipf.first?.path == "simulation.zipf")
        #expect(zipf.first?.line == 7)
        #expect(zipf.first?.message == "must be from 0.0 to 5.0, found 7")
        #expect(errors("{ stapling_share: [0, 1.5] }").map(\.path) == ["simulation.stapling_share[1]"])
        #expect(errors("{ clients: 0 }").first?.message == "must be 1 or more, found 0")
        #expect(errors("{ clients: 100000, sites: 100000 }").map(\.path) == ["simulation.sites"])
        #expect(errors("{ clients: 10000000, visits_per_day: 1000, duration: 30d }").map(\.path) == ["simulation.visits_per_day"])
        #expect(errors("{ duration: 400d }").map(\.code) == [.outOfRange])
        #expect(errors("{ cdn: { pops: 0 } }").map(\.path) == ["simulation.cdn.pops"])
        #expect(errors("{ colour: red }").map(\.code) == [.unknownKey])
    }
}

import Testing
import StapleCore
@testable import StapleLinks

/// The one rule by which TCP connections and UDP sessions seed their pipes: each keeps its own
/// stream per direction, before and after route updates.
@Suite struct PipeSeedTests {
    @Test func aNewConnectionOrSessionKeepsTheSeedsRunsHadBefore() {
        // Generation 0 is what connections and sessions were always seeded with (indices 1 and 2),
        // so seeded runs reproduce.
        #expect(SeededGenerator.pipeSeed(42, .forward, generation: 0) == SeededGenerator.derive(42, index: 1))
        #expect(SeededGenerator.pipeSeed(42, .backward, generation: 0) == SeededGenerator.derive(42, index: 2))
    }

    @Test func afterARouteUpdateEverySessionKeepsAStreamOfItsOwn() {
        // Two sessions (seeds 7 and 8) after the same update (generation 3): distinct streams, as
        // two TCP connections have; before, every UDP session was reseeded from the spec's seed
        // alone and all of them jittered alike.
        let seeds = [UInt64(7), 8].flatMap { seed in
            [WireDirection.forward, .backward].flatMap { direction in
                (0 ... 3).map { SeededGenerator.pipeSeed(seed, direction, generation: $0) }
            }
        }
        #expect(Set(seeds).count == seeds.count)
    }

    @Test func theSeedOfEachConnectionComesFromTheSpecAndACounter() throws {
        let context = FrontDoorContext(name: "front", trace: Trace(), clock: PolicyClock.manual(), routes:
                                       RouteTable(routes: [:], defaultSpec: LinkSpec(name: "front")), tap: false, target: nil)
        let spec = LinkSpec(name: "front", seed: 99)
        #expect([context.nextSeed(spec), context.nextSeed(spec)] ==
                [SeededGenerator.derive(99, index: 1), SeededGenerator.derive(99, index: 2)])
    }
}

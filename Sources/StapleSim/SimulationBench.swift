import StapleCore
import StapleEngine

/// `staplebench bench simulate`: simulated handshakes per second on one core, and memory, for a
/// population large enough that the caches, not the handshakes, set the memory.
public enum SimulationBench {
    /// One figure.
    public struct Row: Sendable {
        /// Handshakes simulated.
        public var handshakes: Int
        /// Wall time, seconds.
        public var seconds: Double
        /// Peak resident memory of the process after the run, MB.
        public var peakResidentMB: Double
        /// Entries in the caches at the end.
        public var cacheEntries: Int
        /// Handshakes per second.
        public var perSecond: Double { seconds > 0 ? Double(handshakes) / seconds : 0 }
    }

    /// The benchmark's population: 10,000 clients (Firefox-like, with an OCSP cache) × 10,000
    /// sites behind lazy (nginx) servers, Zipf 1, 100 visits a client a day, half the sites
    /// stapling, responses valid 7 days with a 12 h max-age; the duration gives `handshakes` visits on average.
    public static func scenario(handshakes: Int) -> Scenario {
        var profile = RevocationProfile.firefox
        profile.cache = true
        let days = Double(handshakes) / (10_000 * 100)
        var scenario = Scenario(name: "bench-simulate", modes: [.stapled], sites: [Scenario.Site(host: "example.com")],
                                clients: [Scenario.Client(name: "Alice", profile: profile, visits: ["example.com"])],
                                server: Scenario.Server(policy: .lazy),
                                responder: Scenario.Responder(validity: .seconds(7 * 86_400), maxAge: .seconds(12 * 3600)))
        scenario.simulation = Scenario.Simulation(clients: 10_000, sites: 10_000, duration: .seconds(days * 86_400),
                                                  visitsPerDay: 100, zipf: 1, staplingShares: [0.5])
        return scenario
    }

    /// Simulates about `handshakes` handshakes and measures the time and memory.
    public static func run(handshakes: Int) -> Row {
        let scenario = scenario(handshakes: handshakes)
        let result = Simulator(scenario: scenario, population: scenario.simulation).run()
        return Row(handshakes: result.visits, seconds: result.wallSeconds, peakResidentMB: result.peakResidentMB,
                   cacheEntries: result.parts.reduce(0) { $0 + $1.cacheEntries })
    }
}

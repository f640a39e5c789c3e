import StapleCore

extension Scenario {
    /// The population a `staplebench simulate` run models (`simulation:` in a scenario file):
    /// how many clients visit how many sites, how often, with which popularity, and how the
    /// CA's responder is fronted. A real run ignores it.
    ///
    /// Every client visits sites as a Poisson process of `visitsPerDay` visits a day; each visit
    /// picks a site by Zipf popularity (the site of rank `k` with probability ∝ k^−`zipf`). The
    /// scenario's client kinds are shared out by their `count`; site `i` takes the properties of
    /// the scenario's site `i mod sites.count`.
    public struct Simulation: Hashable, Sendable {
        /// A CDN in front of the responder that caches GET answers (RFC 5019) for their max-age.
        public struct CDN: Hashable, Sendable {
            /// How long the CDN keeps an answer; nil: the answer's own `Cache-Control: max-age`.
            public var maxAge: Delay?
            /// Independent edge caches; a requester always reaches the same one.
            public var pops: Int

            /// A CDN with every field given.
            public init(maxAge: Delay? = nil, pops: Int = 1) {
                self.maxAge = maxAge
                self.pops = pops
            }

            /// Edge caches a scenario may give.
            public static let popsRange = 1 ... 10_000
        }

        /// Simulated clients.
        public var clients: Int
        /// Simulated sites (one certificate each, each behind its own server).
        public var sites: Int
        /// How long the simulation runs, in scenario time.
        public var duration: Delay
        /// Visits per client per day.
        public var visitsPerDay: Double
        /// The Zipf exponent of site popularity (0: every site equally popular).
        public var zipf: Double
        /// The shares of sites whose server staples (0 … 1), one simulation each, in order.
        public var staplingShares: [Double]
        /// The CDN in front of the responder, if any.
        public var cdn: CDN?
        /// How many real certificates one simulated site stands for: loads are also reported
        /// multiplied by it (1: the simulated population is the real one).
        public var represents: Double

        /// A population with every field given.
        public init(clients: Int = 1_000, sites: Int = 100, duration: Delay = .seconds(86_400),
                    visitsPerDay: Double = 20, zipf: Double = 1, staplingShares: [Double] = [1],
                    cdn: CDN? = nil, represents: Double = 1) {
            self.clients = clients
            self.sites = sites
            self.duration = duration
            self.visitsPerDay = visitsPerDay
            self.zipf = zipf
            self.staplingShares = staplingShares
            self.cdn = cdn
            self.represents = represents
        }

        /// Simulated clients a scenario or `--clients` may give.
        public static let clientsRange = 1 ... 10_000_000
        /// Simulated sites a scenario or `--sites` may give.
        public static let sitesRange = 1 ... 10_000_000
        /// The most (client, site) pairs: the privacy ledger keeps one bit per pair and observer.
        public static let maxPairs = 1 << 30
        /// The longest simulated duration: a year.
        public static let durationRange = Delay.seconds(1) ... Delay.seconds(366 * 86_400)
        /// Visits per client per day.
        public static let visitsPerDayRange = 0.001 ... 1_000_000.0
        /// Zipf exponents.
        public static let zipfRange = 0.0 ... 5.0
        /// What one simulated site may stand for.
        public static let representsRange = 1.0 ... 1e12

        /// The visits a simulation makes on average: clients × visits a day × days.
        public var expectedVisits: Double { Double(clients) * visitsPerDay * duration.seconds / 86_400 }
        /// The most visits one simulation may make on average (about 10 minutes at 10^7 a minute).
        public static let maxExpectedVisits = 1e9
    }
}

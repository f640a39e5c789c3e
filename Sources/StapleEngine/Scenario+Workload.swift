import StapleCore

extension Scenario {
    /// How many connections a run makes, how many at once and how paced.
    public struct Workload: Hashable, Sendable {
        /// Connections per mode (and sweep point) made first and not counted.
        public var warmup: Int
        /// Counted connections per mode (and sweep point), spread round-robin over (client, visited site).
        public var handshakes: Int
        /// Connections in flight at once.
        public var concurrency: Int
        /// Gap between one client's connection starts (spreads a run over an outage window).
        public var pace: Delay
        /// Limit on one whole attempt (DNS, TCP, TLS with any OCSP wait, first byte).
        public var timeout: Delay
        /// A new TCP + TLS connection each time, without session resumption.
        public var freshConnections: Bool

        /// A workload with every field given.
        public init(warmup: Int = 2, handshakes: Int = 20, concurrency: Int = 1, pace: Delay = .zero,
                    timeout: Delay = .seconds(30), freshConnections: Bool = true) {
            self.warmup = warmup
            self.handshakes = handshakes
            self.concurrency = concurrency
            self.pace = pace
            self.timeout = timeout
            self.freshConnections = freshConnections
        }

        /// The warm-up connections a scenario may ask for.
        public static let warmupRange = 0 ... 1_000_000
        /// The counted connections a scenario (or `run --handshakes`) may ask for, per mode and
        /// sweep point: a billion. A part longer than ``RunMemory/exactLimit`` runs in pieces
        /// with bounded memory (see ``RunMemory``), so the bound is only a sanity check.
        public static let handshakesRange = 1 ... 1_000_000_000
        /// Connections in flight at once: 10,000 (each holds a few sockets; see `ulimit -n`).
        public static let concurrencyRange = 1 ... 10_000

        /// Warm-up plus counted connections: the connections of one mode at one sweep point.
        public var total: Int { warmup + handshakes }
    }
}

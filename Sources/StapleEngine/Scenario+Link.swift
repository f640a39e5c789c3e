import StapleCore

extension Scenario {
    /// The network between two parties: the same one-way delay in both directions, jitter,
    /// a bandwidth cap and faults.
    public struct Link: Hashable, Sendable {
        /// One-way delay, applied in each direction (a round trip costs twice this).
        public var delay: Delay
        /// Seeded random extra delay per chunk, up to this much; bytes are never reordered.
        public var jitter: Delay
        /// Bandwidth cap in each direction.
        public var bandwidth: Bandwidth
        /// Faults, each in its time window, in time order.
        public var faults: [Fault]

        /// A link with every field given.
        public init(delay: Delay = .zero, jitter: Delay = .zero, bandwidth: Bandwidth = .unlimited, faults: [Fault] = []) {
            self.delay = delay
            self.jitter = jitter
            self.bandwidth = bandwidth
            self.faults = faults
        }

        /// A link with the round-trip time `rtt` (one-way delay rtt / 2).
        public static func rtt(_ rtt: Delay) -> Link { Link(delay: oneWay(rtt: rtt)) }

        /// The one-way delay that makes the round trip `rtt`, to the nanosecond.
        public static func oneWay(rtt: Delay) -> Delay { Delay(seconds: Double(rtt.nanoseconds / 2) / 1e9) }

        /// The round-trip time the delay makes (2 × delay).
        public var rtt: Delay { Delay(seconds: delay.seconds * 2) }

        /// The fault in force at `time` (scenario seconds since the run started), if any.
        public func fault(at time: Double) -> Fault? {
            faults.first { $0.window.contains(time) }
        }

        /// A client's changes to one of its links: the fields it gives replace the scenario's.
        public struct Override: Hashable, Sendable {
            /// One-way delay, if overridden.
            public var delay: Delay?
            /// Jitter, if overridden.
            public var jitter: Delay?
            /// Bandwidth, if overridden.
            public var bandwidth: Bandwidth?
            /// Faults, if overridden (replace the scenario's list as a whole).
            public var faults: [Fault]?

            /// An override of the fields given.
            public init(delay: Delay? = nil, jitter: Delay? = nil, bandwidth: Bandwidth? = nil, faults: [Fault]? = nil) {
                self.delay = delay
                self.jitter = jitter
                self.bandwidth = bandwidth
                self.faults = faults
            }

            /// `link` with this override's fields put in.
            public func applied(to link: Link) -> Link {
                Link(delay: delay ?? link.delay, jitter: jitter ?? link.jitter,
                     bandwidth: bandwidth ?? link.bandwidth, faults: faults ?? link.faults)
            }
        }
    }
}

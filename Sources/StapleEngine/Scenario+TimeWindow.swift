import StapleCore

extension Scenario {
    /// A span of scenario time (policy clock), measured from the start of the run.
    public struct TimeWindow: Hashable, Sendable, CustomStringConvertible {
        /// Start (inclusive).
        public var from: Delay
        /// End (exclusive); nil: until the run ends.
        public var to: Delay?

        /// The window `[from, to)`.
        public init(from: Delay = .zero, to: Delay? = nil) {
            self.from = from
            self.to = to
        }

        /// The whole run.
        public static let always = TimeWindow()

        /// Whether scenario time `seconds` (since the run started) falls inside.
        public func contains(_ seconds: Double) -> Bool {
            seconds >= from.seconds && (to.map { seconds < $0.seconds } ?? true)
        }

        /// Whether the two windows share any time.
        public func overlaps(_ other: TimeWindow) -> Bool {
            let endA = to?.seconds ?? .infinity
            let endB = other.to?.seconds ?? .infinity
            return from.seconds < endB && other.from.seconds < endA
        }

        /// `[10s, 2h)` or `[0, end)`.
        public var description: String { "[\(from), \(to.map(\.description) ?? "end"))" }
    }
}

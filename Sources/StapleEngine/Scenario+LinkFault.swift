import StapleCore

extension Scenario.Link {
    /// A failure a link injects during a window of scenario time.
    public struct Fault: Hashable, Sendable {
        /// What the link does to connections.
        public enum Kind: Hashable, Sendable, CustomStringConvertible {
            /// Nothing listens: new connections are refused.
            case refuse
            /// New connections are accepted and nothing is ever forwarded.
            case hang
            /// The connection is reset after this many bytes have crossed (in either direction).
            case reset(afterBytes: Int)
            /// The connection is closed cleanly this long after it was accepted.
            case close(after: Delay)

            /// The name written in scenario files.
            public var name: String {
                switch self {
                case .refuse: return "refuse"
                case .hang: return "hang"
                case .reset: return "reset"
                case .close: return "close"
                }
            }

            /// Every name, in documentation order.
            public static let names = ["refuse", "hang", "reset", "close"]

            /// `reset(after 100 bytes)`, `close(after 2s)`, `hang`.
            public var description: String {
                switch self {
                case .reset(let bytes): return "reset(after \(bytes) bytes)"
                case .close(let after): return "close(after \(after))"
                default: return name
                }
            }
        }

        /// What.
        public var kind: Kind
        /// When.
        public var window: Scenario.TimeWindow

        /// A fault of `kind` during `window`.
        public init(kind: Kind, window: Scenario.TimeWindow = .always) {
            self.kind = kind
            self.window = window
        }
    }
}

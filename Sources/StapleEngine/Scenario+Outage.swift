import StapleCore

extension Scenario {
    /// A window of scenario time in which the responder misbehaves.
    public struct Outage: Hashable, Sendable {
        /// How the responder misbehaves.
        public enum Kind: Hashable, Sendable, CustomStringConvertible {
            /// Nothing listens: connections are refused.
            case refuse
            /// Connections are accepted and never answered.
            case hang
            /// A well-formed OCSP response with status tryLater (3).
            case tryLater
            /// A well-formed OCSP response with status internalError (2).
            case internalError
            /// HTTP 200 with bytes that are not an OCSP response.
            case malformed
            /// Correct answers, each after this extra delay.
            case slow(Delay)

            /// The name written in scenario files.
            public var name: String {
                switch self {
                case .refuse: return "refuse"
                case .hang: return "hang"
                case .tryLater: return "try-later"
                case .internalError: return "internal-error"
                case .malformed: return "malformed"
                case .slow: return "slow"
                }
            }

            /// Every name, in documentation order.
            public static let names = ["refuse", "hang", "try-later", "internal-error", "malformed", "slow"]

            /// The name, with the delay for `slow`.
            public var description: String {
                if case .slow(let delay) = self { return "slow(\(delay))" }
                return name
            }
        }

        /// How.
        public var kind: Kind
        /// When.
        public var window: TimeWindow

        /// An outage of `kind` during `window`.
        public init(kind: Kind, window: TimeWindow) {
            self.kind = kind
            self.window = window
        }
    }
}

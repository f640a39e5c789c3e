/// A window of scenario time during which the OCSP responder misbehaves: what scenario files
/// write under `responder.outages`, what `serve --outage` takes and what the responder actor runs.
public struct ResponderOutage: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How the responder misbehaves.
    public enum Kind: Hashable, Sendable, Codable, CustomStringConvertible {
        /// Nothing listens: connections are refused (the listener is closed for the window).
        case refuse
        /// Connections are accepted and requests read, but never answered.
        case hang
        /// A well-formed, unsigned OCSP response with status tryLater (3), HTTP 200.
        case tryLater
        /// A well-formed, unsigned OCSP response with status internalError (2), HTTP 200.
        case internalError
        /// HTTP 200 with bytes that are not an OCSP response.
        case malformed
        /// Correct answers, each after this extra delay.
        case slow(Delay)

        /// The name written in scenario files and `serve --outage`.
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

        /// The kind called `name`, `slow` with `delay`; nil for a name not in ``names``.
        public init?(name: String, delay: Delay = .zero) {
            switch name {
            case "refuse": self = .refuse
            case "hang": self = .hang
            case "try-later": self = .tryLater
            case "internal-error": self = .internalError
            case "malformed": self = .malformed
            case "slow": self = .slow(delay)
            default: return nil
            }
        }

        /// The extra delay of `slow`, zero for every other kind.
        public var delay: Delay {
            if case .slow(let delay) = self { return delay }
            return .zero
        }

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

    /// An outage of `kind` from `from` to `to` scenario seconds (`to` infinite: until the run ends).
    public init(kind: Kind, from: Double, to: Double) {
        self.init(kind: kind, window: TimeWindow(fromSeconds: from, toSeconds: to))
    }

    /// Whether the window covers `elapsed` scenario seconds.
    public func contains(_ elapsed: Double) -> Bool { window.contains(elapsed) }

    /// `hang from 10s to 2h`, `slow(2s) from 0 to end`.
    public var description: String {
        "\(kind) from \(window.from) to \(window.to.map(\.description) ?? "end")"
    }
}

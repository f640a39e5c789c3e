import StapleCore

/// A window of scenario time during which the OCSP responder misbehaves.
public struct ResponderOutage: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How it misbehaves.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Nothing listens: connections are refused (the listener is closed for the window).
        case refuse
        /// Connections are accepted and requests read, but never answered.
        case hang
        /// Answers with the unsigned OCSP status tryLater (HTTP 200).
        case tryLater = "try-later"
        /// Answers with the unsigned OCSP status internalError (HTTP 200).
        case internalError = "internal-error"
        /// Answers HTTP 200 with bytes that are not an OCSP response.
        case malformed
        /// Answers correctly, but `delay` later than usual.
        case slow
    }

    /// How it misbehaves.
    public var kind: Kind
    /// Start, in scenario seconds since the run started.
    public var from: Double
    /// End (exclusive), in scenario seconds since the run started.
    public var to: Double
    /// Extra delay for `slow`.
    public var delay: Delay

    /// Makes an outage window.
    public init(kind: Kind, from: Double, to: Double, delay: Delay = .zero) {
        self.kind = kind
        self.from = from
        self.to = to
        self.delay = delay
    }

    /// Whether the window covers `elapsed` scenario seconds.
    public func contains(_ elapsed: Double) -> Bool { elapsed >= from && elapsed < to }

    /// `hang from 10s to 2h`.
    public var description: String {
        "\(kind.rawValue) from \(Delay(seconds: from)) to \(Delay(seconds: to))"
            + (kind == .slow ? " (+\(delay))" : "")
    }
}

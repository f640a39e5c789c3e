import StapleCore

/// One line of `privacy.csv`: an observer learned, this many times, that a client went to a
/// hostname — or, for a CRL or push server (`via` `crl-request`, `push-request`), that a client
/// asked for a list (`requested`), with the hostname empty: a list names no site.
public struct PrivacyRow: Hashable, Sendable {
    /// Scenario name.
    public var scenario: String
    /// The mode the observations were made under.
    public var mode: String
    /// Who learned it.
    public var observer: Party
    /// The observer's own address.
    public var observerAddress: String
    /// The hostname learned.
    public var hostname: String
    /// The client address the fact is about, as the observer saw it.
    public var clientAddress: String
    /// How it was learned.
    public var via: Observation.Channel
    /// How many observations say so.
    public var count: Int
    /// How many of them were made during the warm-up (0…count).
    public var warmupCount: Int
    /// What was asked for when no hostname was learned (`/crl/0.crl (StapleBench Test Intermediate CA)`), else empty.
    public var requested: String

    /// Makes a row.
    public init(scenario: String, mode: String, observer: Party, observerAddress: String, hostname: String,
                clientAddress: String, via: Observation.Channel, count: Int, warmupCount: Int = 0,
                requested: String = "") {
        self.scenario = scenario
        self.mode = mode
        self.observer = observer
        self.observerAddress = observerAddress
        self.hostname = hostname
        self.clientAddress = clientAddress
        self.via = via
        self.count = count
        self.warmupCount = warmupCount
        self.requested = requested
    }

    /// What the observer learned, as the matrix shows it: the hostname, or what was requested.
    public var learnedText: String { hostname.isEmpty && !requested.isEmpty ? requested : hostname }

    /// The `observer` field: `client`, `server`, `responder`, `resolver`, or `tap:NAME`.
    public var observerText: String { Self.observerText(observer) }

    /// The `observer` field for `party`: its role, and for a tap `tap:` and the link's name.
    public static func observerText(_ party: Party) -> String {
        party.role == .tap || party.role == .link ? "\(party.role.rawValue):\(party.name)" : party.role.rawValue
    }
}

/// One thing that happened to one party, stamped on the run's monotonic clock.
public struct TraceEvent: Hashable, Sendable, Codable {
    /// When it happened.
    public var time: Instant
    /// Who it happened to.
    public var party: Party
    /// What happened.
    public var kind: EventKind
    /// The connection (or exchange) it belongs to; `.none` for party-wide events.
    public var connection: ConnectionID
    /// Bytes involved (a staple's size, a request's size), or 0.
    public var bytes: Int
    /// Free text for people: a hostname, a status, an error. Never parsed: read `payload`.
    public var detail: String
    /// The typed facts other modules read.
    public var payload: EventPayload

    /// Makes an event.
    public init(time: Instant = .now(), party: Party, kind: EventKind,
                connection: ConnectionID = .none, bytes: Int = 0, detail: String = "",
                payload: EventPayload = .none) {
        self.time = time
        self.party = party
        self.kind = kind
        self.connection = connection
        self.bytes = bytes
        self.detail = detail
        self.payload = payload
    }

    /// The wire event it carries, if it is one.
    public var wire: WireEvent? {
        if case .wire(let event) = payload { return event }
        return nil
    }
}

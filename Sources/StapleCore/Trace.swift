import Synchronization

/// Where parties write their events and observations: one per run, shared by all.
///
/// Appending is a short critical section, so actors on different event loops can write
/// concurrently. A trace can be disabled (the throughput benchmark measures the harness
/// without the cost of recording), and bounded: a long-running `serve` keeps only the last
/// `capacity` events and observations (counting all), so its memory stays flat.
public final class Trace: Sendable {
    private struct Storage {
        var events: RingLog<TraceEvent>
        var observations: RingLog<Observation>
    }
    private let storage: Mutex<Storage>
    /// Whether events are kept.
    public let isEnabled: Bool
    /// How many events (and, apart, observations) are kept at most; nil: all (a run needs all).
    public let capacity: Int?

    /// Makes an empty trace keeping everything, or the last `capacity` events and observations.
    public init(enabled: Bool = true, capacity: Int? = nil) {
        self.isEnabled = enabled
        self.capacity = capacity
        self.storage = Mutex(Storage(events: RingLog(capacity: capacity), observations: RingLog(capacity: capacity)))
    }

    /// Appends one event.
    public func record(_ event: TraceEvent) {
        guard isEnabled else { return }
        storage.withLock { $0.events.append(event) }
    }

    /// Appends an event made from its parts, stamped now. The detail is only built when the
    /// trace keeps events (the throughput benchmark runs with it off).
    public func record(_ party: Party, _ kind: EventKind, connection: ConnectionID = .none,
                       bytes: Int = 0, detail: @autoclosure () -> String = "", payload: EventPayload = .none,
                       at time: Instant = .now()) {
        guard isEnabled else { return }
        record(TraceEvent(time: time, party: party, kind: kind, connection: connection,
                          bytes: bytes, detail: detail(), payload: payload))
    }

    /// Appends one observation (who learned which hostname, how).
    public func observe(_ observation: Observation) {
        guard isEnabled else { return }
        storage.withLock { $0.observations.append(observation) }
    }

    /// Every event kept (all of them without a capacity), in the order they were recorded.
    public var events: [TraceEvent] { storage.withLock { $0.events.elements } }

    /// Every observation kept (all of them without a capacity), in the order they were recorded.
    public var observations: [Observation] { storage.withLock { $0.observations.elements } }

    /// Every event and observation kept so far, in the order they were recorded, removing them
    /// (the counts go on): a run too long to keep whole folds its trace piece by piece.
    public func drain() -> (events: [TraceEvent], observations: [Observation]) {
        storage.withLock { ($0.events.removeAll(), $0.observations.removeAll()) }
    }

    /// How many events were ever recorded, kept or not.
    public var eventCount: Int { storage.withLock { $0.events.total } }

    /// How many observations were ever recorded, kept or not.
    public var observationCount: Int { storage.withLock { $0.observations.total } }

    /// The kept events numbered `sequence` or later (the first ever is 0), and the number the
    /// next one will get: a reader passing `next` back each time sees every event once,
    /// except those dropped meanwhile by a bounded trace.
    public func events(since sequence: Int) -> (events: [TraceEvent], next: Int) {
        storage.withLock { ($0.events.elements(since: sequence), $0.events.total) }
    }

    /// The events of one connection, in time order.
    public func events(of connection: ConnectionID) -> [TraceEvent] {
        storage.withLock { $0.events.elements.filter { $0.connection == connection } }
            .sorted { $0.time < $1.time }
    }
}

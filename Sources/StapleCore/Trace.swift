import Synchronization

/// Where parties write their events and observations: one per run, shared by all.
///
/// Appending is a short critical section, so actors on different event loops can write
/// concurrently. A trace can be disabled (the throughput benchmark measures the harness
/// without the cost of recording).
public final class Trace: Sendable {
    private struct Storage {
        var events: [TraceEvent] = []
        var observations: [Observation] = []
    }
    private let storage = Mutex(Storage())
    /// Whether events are kept.
    public let isEnabled: Bool

    /// Makes an empty trace.
    public init(enabled: Bool = true) {
        self.isEnabled = enabled
        if enabled { storage.withLock { $0.events.reserveCapacity(1024) } }
    }

    /// Appends one event.
    public func record(_ event: TraceEvent) {
        guard isEnabled else { return }
        storage.withLock { $0.events.append(event) }
    }

    /// Appends an event made from its parts, stamped now. The detail is only built when the
    /// trace keeps events (the throughput benchmark runs with it off).
    public func record(_ party: Party, _ kind: EventKind, connection: ConnectionID = .none,
                       bytes: Int = 0, detail: @autoclosure () -> String = "", at time: Instant = .now()) {
        guard isEnabled else { return }
        record(TraceEvent(time: time, party: party, kind: kind, connection: connection,
                          bytes: bytes, detail: detail()))
    }

    /// Appends one observation (who learned which hostname, how).
    public func observe(_ observation: Observation) {
        guard isEnabled else { return }
        storage.withLock { $0.observations.append(observation) }
    }

    /// Every event so far, in the order they were recorded.
    public var events: [TraceEvent] { storage.withLock { $0.events } }

    /// Every observation so far, in the order they were recorded.
    public var observations: [Observation] { storage.withLock { $0.observations } }

    /// The events of one connection, in time order.
    public func events(of connection: ConnectionID) -> [TraceEvent] {
        storage.withLock { $0.events.filter { $0.connection == connection } }
            .sorted { $0.time < $1.time }
    }
}

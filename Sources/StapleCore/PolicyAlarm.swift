/// A pending ``PolicyClock/whenReached(_:_:)`` alarm on a manual policy clock.
public struct PolicyAlarm: Sendable {
    private let cancelBody: @Sendable () -> Void

    init(cancel: @escaping @Sendable () -> Void) {
        cancelBody = cancel
    }

    /// Forgets the alarm: it will not run (no-op if it already ran or was cancelled).
    public func cancel() { cancelBody() }
}

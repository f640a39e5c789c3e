import Synchronization

/// The visit a real client's doors report to: one at a time (a real client runs one program at a time).
final class RealClientVisits: Sendable {
    private let box = Mutex<RealClientVisit?>(nil)

    /// Makes an empty box.
    init() {}

    /// The visit in progress, if any.
    var current: RealClientVisit? {
        get { box.withLock { $0 } }
        set { box.withLock { $0 = newValue } }
    }
}

import Synchronization
import StapleCore

/// Hands a streamed part's pieces to the run's writer one at a time: parts running at once
/// finish pieces at once, and their rows go to the same files.
final class PieceSink: Sendable {
    private let lock = Mutex(())
    private let write: @Sendable (ModeRun, Instant) -> Void

    /// A sink calling `write` for each piece, never twice at once.
    init(_ write: @escaping @Sendable (ModeRun, Instant) -> Void) { self.write = write }

    /// Hands over one piece.
    func callAsFunction(_ piece: ModeRun, _ origin: Instant) {
        lock.withLock { _ in write(piece, origin) }
    }
}

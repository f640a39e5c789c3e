import Foundation
import StapleCore
import StapleReport

/// Everything a run measured, complete or not.
public struct RunResult: Sendable {
    /// The scenario as run (overrides applied).
    public var scenario: Scenario
    /// The instant every `*_ms` time counts from.
    public var origin: Instant
    /// Wall-clock start and end.
    public var started: Date
    /// Wall-clock end.
    public var ended: Date
    /// The parts that ran, in order.
    public var parts: [ModeRun]
    /// Why the run stopped early, or nil when it ran to the end.
    public var stoppedEarly: String?
    /// How many parts ran at once (at the start: a default `--parallel` may have been lowered since).
    public var parallel = 1
    /// How late the event loops ran their timers over the whole run.
    public var loopLag = LatenessHistogram()

    /// Whether every planned part ran to the end.
    public var complete: Bool { stoppedEarly == nil }

    /// What the saturation guard says about the run.
    public var saturation: SaturationNote { SaturationGuard.note(self) }

    /// Every record of every part.
    public var records: [HandshakeRecord] { parts.flatMap(\.records) }

    /// Loopback address → party name, over every part.
    public var addressNames: [String: String] {
        parts.reduce(into: [:]) { names, part in names.merge(part.addressNames) { first, _ in first } }
    }
}

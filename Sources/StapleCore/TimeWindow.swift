/// A span of scenario time (policy clock), measured from the start of the run: when a
/// responder outage or a link fault holds.
///
/// The one window type of scenario files (`from:`/`to:`), the responder's outages and the
/// links' faults: times are scenario seconds since the party's `PolicyClock` started
/// (`clock.elapsed()`), so with a scaled clock a two-hour window passes in seconds of real time.
public struct TimeWindow: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Start (inclusive).
    public var from: Delay
    /// End (exclusive); nil: until the run ends.
    public var to: Delay?

    /// The window `[from, to)`.
    public init(from: Delay = .zero, to: Delay? = nil) {
        self.from = from
        self.to = to
    }

    /// The window `[from, to)` in scenario seconds; `to` infinite: until the run ends.
    public init(fromSeconds from: Double, toSeconds to: Double) {
        self.init(from: Delay(seconds: from), to: to.isFinite ? Delay(seconds: to) : nil)
    }

    /// The whole run.
    public static let always = TimeWindow()

    /// The start in scenario seconds.
    public var start: Double { from.seconds }
    /// The end in scenario seconds (infinite when the window lasts until the run ends).
    public var end: Double { to?.seconds ?? .infinity }

    /// Whether the window holds no time (its end is not after its start).
    public var isEmpty: Bool { to.map { $0 <= from } ?? false }

    /// Whether scenario time `seconds` (since the run started) falls inside.
    public func contains(_ seconds: Double) -> Bool { seconds >= start && seconds < end }

    /// Whether the two windows share any time.
    public func overlaps(_ other: TimeWindow) -> Bool { start < other.end && other.start < end }

    /// `[10s, 2h)` or `[0, end)`.
    public var description: String { "[\(from), \(to.map(\.description) ?? "end"))" }
}

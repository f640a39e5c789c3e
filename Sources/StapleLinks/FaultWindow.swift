/// A fault that holds for a span of scenario time, such as a responder outage from the
/// first to the third scenario hour.
///
/// Times are scenario seconds since the link's `PolicyClock` started (`clock.elapsed()`),
/// so with a scaled clock a two-hour window passes in seconds of real time. A window is
/// checked when a connection is accepted; a `hang` window also stalls the chunks of
/// connections already open (they are held and released, with their latency, when the
/// window ends, as TCP would retransmit them after a partition heals).
public struct FaultWindow: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Start, in scenario seconds since the clock started (inclusive).
    public var from: Double
    /// End, in scenario seconds since the clock started (exclusive).
    public var to: Double
    /// The fault while the window is open.
    public var fault: LinkFault

    /// Makes a window.
    public init(from: Double, to: Double, fault: LinkFault) {
        self.from = from
        self.to = to
        self.fault = fault
    }

    /// Whether the window is open at `elapsed` scenario seconds.
    public func contains(_ elapsed: Double) -> Bool { elapsed >= from && elapsed < to }

    /// `hang from 3600s to 7200s`.
    public var description: String { "\(fault) from \(from)s to \(to)s" }
}

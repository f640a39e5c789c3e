/// A link fault that holds for a span of scenario time, such as a partition from the first
/// to the third scenario hour.
///
/// A window is checked when a connection is accepted; a `hang` window also stalls the chunks of
/// connections already open (they are held and released, with their latency, when the
/// window ends, as TCP would retransmit them after a partition heals).
public struct FaultWindow: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What a link does to connections (the name scenario files use for it).
    public typealias Kind = LinkFault

    /// What the link does.
    public var kind: LinkFault
    /// When.
    public var window: TimeWindow

    /// A fault of `kind` during `window`.
    public init(kind: LinkFault, window: TimeWindow = .always) {
        self.kind = kind
        self.window = window
    }

    /// A fault from `from` to `to` scenario seconds (`to` infinite: until the run ends).
    public init(from: Double, to: Double, fault: LinkFault) {
        self.init(kind: fault, window: TimeWindow(fromSeconds: from, toSeconds: to))
    }

    /// Whether the window is open at `elapsed` scenario seconds.
    public func contains(_ elapsed: Double) -> Bool { window.contains(elapsed) }

    /// `hang [3600s, 2h)`.
    public var description: String { "\(kind) \(window)" }
}

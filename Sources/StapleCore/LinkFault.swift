/// A failure a link injects into the connections it accepts: what scenario files write under a
/// link's `faults`, and what the link runs.
///
/// TCP links apply every case; the UDP link (DNS) knows only "drop": `refuse` and `hang`
/// drop datagrams, the byte- and time-based faults do not apply to datagrams.
public enum LinkFault: Hashable, Sendable, Codable, CustomStringConvertible {
    /// No fault: the link forwards.
    case none
    /// Nobody listens. The kernel has already completed the handshake when the link sees the
    /// connection, so the link resets it (RST, `SO_LINGER` 0) one emulated round trip after
    /// the accept: the client gets `ECONNRESET` where a closed port gives `ECONNREFUSED`, at
    /// the time a real refusal would arrive.
    case refuse
    /// The link accepts, reads and discards, never forwards and never answers, until the
    /// client gives up and closes.
    case hang
    /// The link forwards the first `bytes` bytes (both directions together), then resets both sides.
    case resetAfter(bytes: Int)
    /// The link closes both sides (FIN) this long after the accept, dropping bytes still in flight.
    case closeAfter(Delay)

    /// The name written in scenario files (`kind:`): `refuse`, `hang`, `reset`, `close` (`none` for no fault).
    public var name: String {
        switch self {
        case .none: return "none"
        case .refuse: return "refuse"
        case .hang: return "hang"
        case .resetAfter: return "reset"
        case .closeAfter: return "close"
        }
    }

    /// Every name a scenario file may write, in documentation order.
    public static let names = ["refuse", "hang", "reset", "close"]

    /// Stable name with its parameter: `none`, `refuse`, `hang`, `reset-after 100B`, `close-after 2s`.
    public var description: String {
        switch self {
        case .none: return "none"
        case .refuse: return "refuse"
        case .hang: return "hang"
        case .resetAfter(let bytes): return "reset-after \(bytes)B"
        case .closeAfter(let delay): return "close-after \(delay)"
        }
    }
}

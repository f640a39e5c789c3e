import StapleCore

/// Reads one direction of a TCP connection for a tap: recognises TLS or HTTP from the first
/// byte and hands the stream to the matching reader; anything else is ignored.
///
/// It inspects at most `budget` bytes per direction, then stops, so a long transfer costs
/// nothing after its start. Each chunk comes with its `WireStamp`; each message recognised
/// becomes a `WireEvent` timed by the chunk that held its first byte.
struct TapStreamParser {
    /// Bytes inspected per direction at most.
    static let budget = 1 << 20

    private enum Mode {
        case sniffing
        case tls(TLSTapReader)
        case http(HTTPTapReader)
        case done
    }

    /// The direction this parser reads.
    let direction: WireDirection
    private var mode = Mode.sniffing
    private var inspected = 0
    private var stamps = StreamStamps()

    /// A parser for `direction`.
    init(direction: WireDirection) { self.direction = direction }

    /// Whether the parser ignores everything from now on.
    var isFinished: Bool {
        if case .done = mode { return true }
        return false
    }

    /// Reads `bytes`, returning what was learned from them (the messages are dropped).
    mutating func consume(_ bytes: some Collection<UInt8>) -> [TapFinding] {
        var findings: [TapFinding] = []
        consume(bytes, into: &findings)
        return findings
    }

    /// Reads `bytes`, appending what was learned to `findings` (the messages are dropped).
    mutating func consume(_ bytes: some Collection<UInt8>, into findings: inout [TapFinding]) {
        var messages: [WireEvent] = []
        consume(bytes, stamp: WireStamp(sentAt: Instant(nanoseconds: 0), deliveredAt: nil),
                into: &findings, messages: &messages)
    }

    /// Reads `bytes` that crossed at `stamp`, appending what was learned to `findings` and the
    /// messages recognised (first byte in this chunk or an earlier one) to `messages`.
    mutating func consume(_ bytes: some Collection<UInt8>, stamp: WireStamp,
                          into findings: inout [TapFinding], messages: inout [WireEvent]) {
        if case .done = mode { return }
        guard let first = bytes.first else { return }
        inspected += bytes.count
        if inspected > TapStreamParser.budget { mode = .done; return }
        stamps.append(count: bytes.count, stamp: stamp)
        if case .sniffing = mode { mode = TapStreamParser.sniff(first, direction: direction) }
        var output = TapOutput()
        switch mode {
        case .tls(var reader):
            mode = .done   // let the reader's buffers be uniquely referenced while it reads
            reader.consume(bytes, into: &output)
            mode = reader.isFinished ? .done : .tls(reader)
        case .http(var reader):
            mode = .done
            reader.consume(bytes, into: &output)
            mode = reader.isFinished ? .done : .http(reader)
        case .sniffing, .done:
            break
        }
        findings += output.findings
        for sighting in output.sightings {
            guard let stamp = stamps.stamp(at: sighting.position) else { continue }
            messages.append(WireEvent(message: sighting.message, direction: direction,
                                      sentAt: stamp.sentAt, deliveredAt: stamp.deliveredAt))
        }
    }

    private static func sniff(_ first: UInt8, direction: WireDirection) -> Mode {
        switch first {
        case 20...23:
            return .tls(TLSTapReader(fromClient: direction == .forward))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
            if direction == .backward, first != UInt8(ascii: "H") { return .done }
            return .http(HTTPTapReader(carriesRequests: direction == .forward))
        default:
            return .done
        }
    }
}

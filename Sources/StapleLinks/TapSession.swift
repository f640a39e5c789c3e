import StapleCore

/// The passive observer on one TCP connection through a link: reads both directions, records
/// each distinct finding once (a second ClientHello after a HelloRetryRequest does not count
/// twice), and each message it recognises as a wire event, at most `messageLimit` of them.
///
/// Confined to the connection's event loop.
final class TapSession {
    /// Wire events recorded per connection at most.
    static let messageLimit = 128

    private let recorder: TapRecorder
    private let clientAddress: String
    private let connection: ConnectionID
    private let budget: WireBudget
    private var forward = TapStreamParser(direction: .forward)
    private var backward = TapStreamParser(direction: .backward)
    private var seen: Set<TapFinding> = []
    private var messages = 0
    private var closed: Set<WireDirection> = []

    /// A tap on the connection `connection` of link `link` from the party at `clientAddress`.
    init(link: String, observerAddress: String, clientAddress: String, connection: ConnectionID, trace: Trace,
         budget: WireBudget) {
        self.recorder = TapRecorder(link: link, observerAddress: observerAddress, trace: trace)
        self.clientAddress = clientAddress
        self.connection = connection
        self.budget = budget
    }

    /// Reads bytes crossing in `direction` that reached the front door and were scheduled as `stamp` says.
    func inspect(_ direction: WireDirection, _ bytes: some Collection<UInt8>, stamp: WireStamp) {
        var findings: [TapFinding] = []
        var sightings: [WireEvent] = []
        switch direction {
        case .forward:
            guard !forward.isFinished else { return }
            forward.consume(bytes, stamp: stamp, into: &findings, messages: &sightings)
        case .backward:
            guard !backward.isFinished else { return }
            backward.consume(bytes, stamp: stamp, into: &findings, messages: &sightings)
        }
        for finding in findings where seen.insert(finding).inserted {
            recorder.record(finding, clientAddress: clientAddress, connection: connection, at: stamp.sentAt)
        }
        for event in sightings { record(event) }
    }

    /// The sender of `direction` ended it (FIN or close), as `stamp` says; recorded once per direction.
    func closed(_ direction: WireDirection, stamp: WireStamp) {
        guard closed.insert(direction).inserted else { return }
        record(WireEvent(message: .closed, direction: direction, sentAt: stamp.sentAt, deliveredAt: stamp.deliveredAt))
    }

    private func record(_ event: WireEvent) {
        guard messages < TapSession.messageLimit, budget.take(link: recorder.link, trace: recorder.trace) else { return }
        messages += 1
        recorder.record(event, connection: connection)
    }
}

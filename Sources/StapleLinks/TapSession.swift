import StapleCore

/// The passive observer on one TCP connection through a link: reads both directions and
/// records each distinct finding once (a second ClientHello after a HelloRetryRequest does
/// not count twice).
///
/// Confined to the connection's event loop.
final class TapSession {
    private let recorder: TapRecorder
    private let clientAddress: String
    private let connection: ConnectionID
    private var forward = TapStreamParser(direction: .forward)
    private var backward = TapStreamParser(direction: .backward)
    private var seen: Set<TapFinding> = []

    /// A tap on the connection `connection` of link `link` from the party at `clientAddress`.
    init(link: String, observerAddress: String, clientAddress: String, connection: ConnectionID, trace: Trace) {
        self.recorder = TapRecorder(link: link, observerAddress: observerAddress, trace: trace)
        self.clientAddress = clientAddress
        self.connection = connection
    }

    /// Reads bytes crossing in `direction`.
    func inspect(_ direction: TapDirection, _ bytes: some Collection<UInt8>) {
        var findings: [TapFinding] = []
        switch direction {
        case .forward:
            guard !forward.isFinished else { return }
            forward.consume(bytes, into: &findings)
        case .backward:
            guard !backward.isFinished else { return }
            backward.consume(bytes, into: &findings)
        }
        for finding in findings where seen.insert(finding).inserted {
            recorder.record(finding, clientAddress: clientAddress, connection: connection)
        }
    }
}

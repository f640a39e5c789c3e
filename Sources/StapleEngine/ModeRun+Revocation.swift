import StapleCore
import StapleReport

extension ModeRun {
    /// The revocation columns of this part's `summary.csv` row: the exposure window over every
    /// attempt (warm-ups too), revocation bytes per counted handshake, and the CA's requests
    /// (the responder serves OCSP, CRLs and the pushed set, so they are its requests).
    ///
    /// The bytes are the counted handshakes' own downloads plus the clients' background
    /// downloads (a pushed set's scheduled refresh belongs to no handshake), amortised.
    public var revocationFigures: RevocationFigures {
        let counted = records.filter { !$0.warmup }
        let bytes = counted.compactMap(\.revocationBytes)
        let background = events.filter { $0.party.role == .client && $0.connection == .none && $0.kind == .crlFetchEnd }
            .map(\.bytes).reduce(0, +)
        let total = bytes.reduce(0, +) + background
        return RevocationFigures(
            exposureWindowS: ExposureWindow.seconds(records: records, revokedAt: revokedAt),
            bytesPerHandshake: counted.isEmpty || bytes.isEmpty ? nil : Double(total) / Double(counted.count),
            caRequests: responderRequests)
    }
}

import StapleCore
import StapleReport

extension ModeRun {
    /// The revocation columns of this part's `summary.csv` row: the exposure window over every
    /// attempt (warm-ups too), revocation bytes per counted handshake, and the CA's requests
    /// (the responder serves OCSP and CRLs, so they are its requests).
    public var revocationFigures: RevocationFigures {
        let counted = records.filter { !$0.warmup }
        let bytes = counted.compactMap(\.revocationBytes)
        return RevocationFigures(
            exposureWindowS: ExposureWindow.seconds(records: records, revokedAt: revokedAt),
            bytesPerHandshake: counted.isEmpty || bytes.isEmpty ? nil : Double(bytes.reduce(0, +)) / Double(counted.count),
            caRequests: responderRequests)
    }
}

import StapleCore
import StapleReport

extension ModeRun {
    /// The revocation columns of this part's `summary.csv` row: the exposure window over every
    /// attempt (warm-ups too; the largest over (client, site) pairs, each client's largest kept
    /// for the report), revocation bytes per handshake, and the CA's requests (the
    /// responder serves OCSP, CRLs and the pushed set, so they are its requests).
    ///
    /// The bytes are amortised over every attempt, warm-ups included (a list downloaded in the
    /// warm-up and then served from the cache is paid once for all of them): the attempts' own
    /// downloads plus the clients' background downloads (a pushed set's scheduled refresh
    /// belongs to no attempt), divided by the number of attempts.
    public var revocationFigures: RevocationFigures {
        let attempts = records
        let bytes = attempts.compactMap(\.revocationBytes)
        let background = events.filter { $0.party.role == .client && $0.connection == .none && $0.kind == .crlFetchEnd }
            .map(\.bytes).reduce(0, +)
        let total = bytes.reduce(0, +) + background
        return RevocationFigures(
            exposureWindowS: ExposureWindow.seconds(records: records, revokedAt: revokedAt),
            bytesPerHandshake: attempts.isEmpty || bytes.isEmpty ? nil : Double(total) / Double(attempts.count),
            caRequests: responderRequests,
            clients: ExposureWindow.perClient(records: records, revokedAt: revokedAt)
                .map { RevocationFigures.ClientExposure(client: $0.client, seconds: $0.seconds) })
    }

    /// This part's `exposure.csv` rows: every (client, site) pair visited after its site's
    /// revocation, warm-ups too, with the client's first refusal.
    public var exposurePart: ExposureCSV.Part {
        ExposureCSV.Part(sweepPoint: sweepPoint, mode: mode.rawValue,
                         pairs: ExposureWindow.perPair(records: records, revokedAt: revokedAt))
    }
}

extension RunResult {
    /// `exposure.csv`, when the scenario revokes a site mid-run (`sites[i].revoke_at`); else nil.
    public var exposureTable: CSVTable? {
        guard scenario.sites.contains(where: { $0.revokeAt != nil }) else { return nil }
        return ExposureCSV.table(scenario: scenario.name, parts: parts.map(\.exposurePart))
    }
}

/// After the CA revokes a certificate, for how long clients still accept it: per (client,
/// site) pair whose site was revoked mid-run, the scenario time from the revocation to the
/// first attempt that the client refused (outcome `hard-fail`), and over the pairs the longest.
///
/// A pair that visited the site after the revocation and never refused it is exposed for the
/// whole run and beyond: `.infinity`. A pair with no attempt after the revocation says nothing.
public enum ExposureWindow {
    /// The longest exposure in scenario seconds; nil when no site in `revokedAt` (hostname →
    /// scenario seconds since the mode started) was visited after its revocation.
    ///
    /// Every attempt counts, warm-ups too: the window is about time, not about the sample.
    public static func seconds(records: [HandshakeRecord], revokedAt: [String: Double]) -> Double? {
        let perPair = pairs(records: records, revokedAt: revokedAt)
        return perPair.isEmpty ? nil : perPair.values.max()
    }

    /// The exposure of each (client, site) pair, as ``seconds(records:revokedAt:)`` explains.
    public static func pairs(records: [HandshakeRecord], revokedAt: [String: Double]) -> [String: Double] {
        var result: [String: Double] = [:]
        let ordered = records.filter { $0.scenarioTimeS != nil }.sorted { $0.scenarioTimeS! < $1.scenarioTimeS! }
        for record in ordered {
            guard let revoked = revokedAt[record.site], let time = record.scenarioTimeS, time >= revoked else { continue }
            let key = "\(record.client) → \(record.site)"
            if let known = result[key], known.isFinite { continue }
            result[key] = record.outcome == .hardFail ? time - revoked : .infinity
        }
        return result
    }
}

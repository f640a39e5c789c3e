/// After the CA revokes a certificate, for how long clients still accept it: per (client,
/// site) pair whose site was revoked mid-run, the scenario time from the revocation to the
/// first attempt that the client refused (outcome `hard-fail`); per client the longest of its
/// pairs; and over every pair the longest (the mode's figure in `summary.csv`).
///
/// A pair that visited the site after the revocation and never refused it is exposed for the
/// whole run and beyond: `.infinity`. A pair with no attempt after the revocation says nothing.
public enum ExposureWindow {
    /// One (client, site) pair's exposure.
    public struct Pair: Hashable, Sendable {
        /// The client instance.
        public var client: String
        /// The revoked site.
        public var site: String
        /// When the site was revoked (scenario seconds since the mode started).
        public var revokedAtS: Double
        /// The scenario time of the client's first refusal at or after the revocation; nil: it never refused.
        public var firstRefusedS: Double?
        /// The scenario time of its last acceptance at or after the revocation before that refusal
        /// (nil: none). The true window lies between this (or the revocation) and the first
        /// refusal: a client that visits rarely is seen refusing late.
        public var lastAcceptedS: Double?

        /// Makes a pair.
        public init(client: String, site: String, revokedAtS: Double, firstRefusedS: Double?, lastAcceptedS: Double? = nil) {
            self.client = client
            self.site = site
            self.revokedAtS = revokedAtS
            self.firstRefusedS = firstRefusedS
            self.lastAcceptedS = lastAcceptedS
        }

        /// Seconds from the revocation to the first refusal; `.infinity` when it never refused.
        public var seconds: Double { firstRefusedS.map { $0 - revokedAtS } ?? .infinity }
    }

    /// The longest exposure in scenario seconds; nil when no site in `revokedAt` (hostname →
    /// scenario seconds since the mode started) was visited after its revocation.
    ///
    /// Every attempt counts, warm-ups too: the window is about time, not about the sample.
    public static func seconds(records: [HandshakeRecord], revokedAt: [String: Double]) -> Double? {
        let all = perPair(records: records, revokedAt: revokedAt)
        return all.isEmpty ? nil : all.map(\.seconds).max()
    }

    /// The exposure of each (client, site) pair, keyed `client → site`, as ``seconds(records:revokedAt:)`` explains.
    public static func pairs(records: [HandshakeRecord], revokedAt: [String: Double]) -> [String: Double] {
        Dictionary(perPair(records: records, revokedAt: revokedAt).map { ("\($0.client) → \($0.site)", $0.seconds) },
                   uniquingKeysWith: max)
    }

    /// Every (client, site) pair visited after its site's revocation, sorted by client then site.
    public static func perPair(records: [HandshakeRecord], revokedAt: [String: Double]) -> [Pair] {
        var result: [String: Pair] = [:]
        let ordered = records.filter { $0.scenarioTimeS != nil }.sorted { $0.scenarioTimeS! < $1.scenarioTimeS! }
        for record in ordered {
            guard let revoked = revokedAt[record.site], let time = record.scenarioTimeS, time >= revoked else { continue }
            let key = "\(record.client)\u{0}\(record.site)"
            if result[key]?.firstRefusedS != nil { continue }
            let refused = record.outcome == .hardFail
            result[key] = Pair(client: record.client, site: record.site, revokedAtS: revoked,
                               firstRefusedS: refused ? time : nil,
                               lastAcceptedS: refused ? result[key]?.lastAcceptedS : time)
        }
        return result.values.sorted { ($0.client, $0.site) < ($1.client, $1.site) }
    }

    /// Per client, the longest exposure over its revoked sites, sorted by client.
    public static func perClient(records: [HandshakeRecord], revokedAt: [String: Double]) -> [(client: String, seconds: Double)] {
        var worst: [String: Double] = [:]
        for pair in perPair(records: records, revokedAt: revokedAt) {
            worst[pair.client] = max(worst[pair.client] ?? -.infinity, pair.seconds)
        }
        return worst.sorted { $0.key < $1.key }.map { (client: $0.key, seconds: $0.value) }
    }
}

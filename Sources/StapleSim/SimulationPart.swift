import StapleEngine
import StapleReport

/// What one simulated part (a mode at a sweep point, or at a stapling share) counted.
public struct SimulationPart: Sendable {
    /// The sweep point's or share's label (`stapling_share=0.5`; empty without either).
    public var label: String
    /// The mode.
    public var mode: Scenario.Mode
    /// The share of sites whose server staples (1 for the scenario's own workload).
    public var staplingShare: Double
    /// The counted handshakes.
    public var stats: PartStats
    /// Every handshake simulated, warm-up included.
    public var visits: Int
    /// Requests at the CA's front (its CDN's edge, or the responder itself without one).
    public var edge: ResponderLoad
    /// Requests at the responder itself (the origin behind a CDN).
    public var origin: ResponderLoad
    /// Distinct (client, site) pairs visited in this part (every visit's resolver, server and
    /// client-side tap learns the pair from the DNS query and the SNI).
    public var visitedPairs: Int
    /// Distinct (client, site) pairs the responder (the CA, its CDN included) learned from clients' own requests.
    public var responderPairs: Int
    /// Visited pairs under this mode over the whole simulation (every sweep point or share).
    public var modeVisitedPairs: Int
    /// Responder pairs under this mode over the whole simulation.
    public var modeResponderPairs: Int
    /// Entries in the caches at the end (servers', clients', CDN's).
    public var cacheEntries: Int
    /// Entries in the clients' own OCSP and CRL caches at the end.
    public var clientCacheEntries: Int
    /// Bytes of revocation data the clients downloaded (OCSP responses, CRLs, pushed sets, the
    /// pushed set's background refreshes too).
    public var revocationBytes: Int
    /// After a site's mid-run revocation, how long clients kept accepting it, scenario seconds
    /// (``StapleCore/ExposureWindow``'s rule; infinity: some client never refused it; nil: none
    /// was visited after its revocation).
    public var exposureWindowS: Double?
    /// Wall time of this part, seconds.
    public var wallSeconds: Double
    /// How many real certificates a simulated site stands for (loads scale by it).
    public var represents: Double

    /// The revocation columns of its `summary.csv` row, as a run computes them: bytes per
    /// handshake over every visit (warm-ups included), the CA's requests (responder, CRLs, pushed set).
    public var revocationFigures: RevocationFigures {
        RevocationFigures(exposureWindowS: exposureWindowS,
                          bytesPerHandshake: visits > 0 ? Double(revocationBytes) / Double(visits) : nil,
                          caRequests: origin.totalRequests)
    }
}

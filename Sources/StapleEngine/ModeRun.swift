import StapleCore
import StapleActors
import StapleReport

/// What one (sweep point, mode) of a run measured.
public struct ModeRun: Sendable {
    /// The sweep point's label (empty without a sweep).
    public var sweepPoint: String
    /// The sweep point's assignments, e.g. `links.client-server.rtt` → `20ms`.
    public var sweepValues: [(field: String, value: String)]
    /// The mode.
    public var mode: Scenario.Mode
    /// One record per attempt, in sequence order.
    public var records: [HandshakeRecord]
    /// What every party learned during the counted connections (tap serials already mapped to hostnames).
    public var observations: [Observation]
    /// What every party learned during the warm-up.
    public var warmupObservations: [Observation]
    /// Every request the responder received.
    public var responderLog: [ResponderLogEntry]
    /// The raw trace.
    public var events: [TraceEvent]
    /// Loopback address → party name, for people.
    public var addressNames: [String: String]
    /// How many requests the responder received.
    public var responderRequests: Int
    /// Wall time of the counted connections (warm-up excluded), seconds.
    public var countedSeconds: Double
    /// How late the event loops ran their timers during this part's workload (see ``SaturationGuard``).
    public var loopLag = LatenessHistogram()
    /// Front door (`resolver`, `responder`, `server`) → how late its delayed deliveries went
    /// out against their deadlines: the harness's own timing error in this part.
    public var deliveryLateness: [String: LatenessHistogram] = [:]
    /// The sites revoked mid-run: hostname → `revoke_at`, scenario seconds since the mode started.
    public var revokedAt: [String: Double] = [:]
    /// For a part too long to keep whole (see ``RunMemory``): its exact counts and bounded
    /// sample. Then ``records`` is the sample's counted records, ``events`` and
    /// ``responderLog`` the first piece's, ``observations`` empty (the counts are in
    /// ``streamedLedger``), and the rows were appended to the run folder piece by piece.
    /// nil for a part kept whole.
    public var sample: PartSample?
    /// A streamed part's privacy rows, counted piece by piece (nil for a part kept whole).
    public var streamedLedger: PrivacyLedger?
    /// How `--precision` ended for this part (nil without it).
    public var precision: PrecisionOutcome?
}

extension RunResult {
    /// Every part's delivery lateness, merged per front door.
    public var deliveryLateness: [String: LatenessHistogram] {
        var merged: [String: LatenessHistogram] = [:]
        for part in parts {
            for (link, histogram) in part.deliveryLateness { merged[link, default: LatenessHistogram()].merge(histogram) }
        }
        return merged
    }
}

import StapleCore

/// Who learned which hostname under one mode: observations counted into `privacy.csv` rows.
///
/// Observations with the same observer, observer address, hostname, client address, channel
/// and request (a CRL server's list) make one row with their count. Rows are sorted by observer
/// role (client, server, resolver, responder, tap, link), then observer name, hostname, client
/// address, observer address, channel and request, so the same observations always give the same file.
public struct PrivacyLedger: Hashable, Sendable {
    /// Scenario name.
    public var scenario: String
    /// The mode the observations were made under.
    public var mode: String
    /// The counted rows, sorted.
    public var rows: [PrivacyRow]

    /// Counts `observations` (all made under `mode`).
    ///
    /// - Parameter warmup: observations made during the warm-up connections; they count too
    ///   (an observer learned what it learned), and `warmupCount` says how many of a row's they are.
    public init(scenario: String, mode: String, observations: [Observation], warmup: [Observation] = []) {
        self.scenario = scenario
        self.mode = mode
        var counts: [PrivacyRow: (all: Int, warmup: Int)] = [:]
        for (list, isWarmup) in [(observations, false), (warmup, true)] {
            for o in list {
                let key = PrivacyRow(scenario: scenario, mode: mode, observer: o.observer,
                                     observerAddress: o.observerAddress, hostname: o.hostname,
                                     clientAddress: o.clientAddress, via: o.via, count: 0,
                                     requested: o.requested ?? "")
                counts[key, default: (0, 0)].all += 1
                if isWarmup { counts[key, default: (0, 0)].warmup += 1 }
            }
        }
        rows = counts.map { key, count in
            var row = key
            row.count = count.all
            row.warmupCount = count.warmup
            return row
        }.sorted(by: Self.precedes)
    }

    static func rank(_ role: Party.Role) -> Int {
        [Party.Role.client, .server, .resolver, .responder, .tap, .link].firstIndex(of: role) ?? Int.max
    }

    /// The ledger's row order.
    static func precedes(_ a: PrivacyRow, _ b: PrivacyRow) -> Bool {
        let left = (rank(a.observer.role), a.observer.name, a.hostname, a.clientAddress, a.observerAddress)
        let right = (rank(b.observer.role), b.observer.name, b.hostname, b.clientAddress, b.observerAddress)
        if left != right { return left < right }
        return (a.via.rawValue, a.requested) < (b.via.rawValue, b.requested)
    }
}

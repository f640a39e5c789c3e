import StapleCore

extension Scenario {
    /// The longest network time a field may give (`delay`, `rtt`, `jitter`, `pace`, timeouts such
    /// as `server.fetch_timeout`, a close fault's `after`): ten minutes, past which a run would never
    /// make progress. A timeout must also be more than 0.
    public static let maxNetworkDelay = Delay.seconds(600)
    /// The longest policy time (windows' `from`/`to`, `validity`, `max_age`): a year.
    public static let maxPolicyDuration = Delay.seconds(366 * 86_400)

    /// The fields, by their last path component, whose durations are network times.
    static let networkDurationFields: Set<String> = ["delay", "rtt", "jitter", "pace", "timeout", "responder_timeout",
                                                         "fetch_timeout", "after"]

    /// The limit for the duration at `path` (e.g. `links.client-server.rtt`).
    static func durationLimit(for path: String) -> Delay {
        let field = path.split(separator: ".").last.map(String.init) ?? path
        return networkDurationFields.contains(field) ? maxNetworkDelay : maxPolicyDuration
    }
}

extension Scenario.Bandwidth {
    /// The slowest link a scenario may give: 1 kbit/s.
    public static let minimumBitsPerSecond: Int64 = 1_000
}

import StapleCore

extension Scenario.Workload {
    /// The fields of `workload:`, in the order the resolved YAML writes them: the one table the
    /// decoder, ``Scenario/resolvedYAML()`` and the sweep paths (`workload.KEY`) read.
    static let fields: [ScenarioField<Scenario.Workload>] = [
        .integer("warmup", in: warmupRange, \.warmup),
        .integer("handshakes", in: handshakesRange, \.handshakes),
        .integer("concurrency", in: concurrencyRange, \.concurrency),
        .delay("pace", positive: false, \.pace),
        .delay("timeout", positive: true, \.timeout),
        .flag("fresh_connections", \.freshConnections),
    ]
}

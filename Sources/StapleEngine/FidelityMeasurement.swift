/// What one `bench fidelity` measurement found: a row per (RTT, mode) and the zero-delay
/// baselines measured between the points, in the order they were measured.
public struct FidelityMeasurement: Sendable {
    /// One row per (RTT, mode), RTTs in the order asked, modes none, classic, stapled.
    public var rows: [Bench.FidelityRow]
    /// `rows`' RTT count + 1 baselines: before the first point, between each two, after the last.
    public var baselines: [FidelityBaseline]

    /// A measurement from its parts.
    public init(rows: [Bench.FidelityRow], baselines: [FidelityBaseline]) {
        self.rows = rows
        self.baselines = baselines
    }
}

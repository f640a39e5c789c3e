/// Maps a numeric domain onto a pixel range, linearly.
public struct LinearScale: Hashable, Sendable {
    /// The values' interval.
    public var domain: ClosedRange<Double>
    /// The pixels' interval (may run backwards, as a y axis does).
    public var range: (start: Double, end: Double)

    /// Makes a scale; an empty domain is widened by one unit so it can still be drawn.
    public init(domain: ClosedRange<Double>, range: (Double, Double)) {
        self.domain = domain.lowerBound == domain.upperBound
            ? domain.lowerBound - 0.5 ... domain.upperBound + 0.5 : domain
        self.range = (range.0, range.1)
    }

    /// The pixel position of `value`.
    public func callAsFunction(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        return range.start + (value - domain.lowerBound) / span * (range.end - range.start)
    }

    /// Compares domains and ranges.
    public static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.domain == b.domain && a.range == b.range
    }

    /// Hashes domain and range.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(domain.lowerBound)
        hasher.combine(domain.upperBound)
        hasher.combine(range.start)
        hasher.combine(range.end)
    }
}

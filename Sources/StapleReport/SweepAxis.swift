/// What a sweep varied, and the number each sweep point stands for (the chart's x axis).
public struct SweepAxis: Hashable, Sendable {
    /// The swept field, for the axis title (`links.client-server.rtt`).
    public var name: String
    /// Its unit (`ms`), or empty.
    public var unit: String
    /// The numeric value of each sweep point, by the sweep point's text in the records.
    public var values: [String: Double]

    /// Makes an axis.
    public init(name: String, unit: String = "", values: [String: Double]) {
        self.name = name
        self.unit = unit
        self.values = values
    }
}

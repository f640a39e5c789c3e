/// One point of a scenario's sweep grid: the values it sets and the scenario with them applied.
public struct SweepPoint: Hashable, Sendable {
    /// One field set to one value.
    public struct Assignment: Hashable, Sendable {
        /// The field.
        public var field: SweepField
        /// The value.
        public var value: SweepValue

        /// `field` set to `value`.
        public init(field: SweepField, value: SweepValue) {
            self.field = field
            self.value = value
        }

        /// `links.client-server.rtt=20ms`.
        public var label: String { "\(field.path)=\(value)" }
    }

    /// The point's position in run order, from 0.
    public var index: Int
    /// The assignments, axis by axis, field by field.
    public var assignments: [Assignment]
    /// The scenario with the assignments applied and without a sweep of its own.
    public var scenario: Scenario

    /// A point.
    public init(index: Int, assignments: [Assignment], scenario: Scenario) {
        self.index = index
        self.assignments = assignments
        self.scenario = scenario
    }

    /// `links.client-server.rtt=20ms,links.client-responder.rtt=20ms`, or empty without a sweep
    /// (the `sweep_point` column of the CSVs).
    public var label: String { assignments.map(\.label).joined(separator: ",") }
}

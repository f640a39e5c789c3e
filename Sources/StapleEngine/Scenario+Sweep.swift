extension Scenario {
    /// One axis of the sweep grid: one or more fields that move together through a list of values.
    public struct Sweep: Hashable, Sendable {
        /// The fields this axis sets (each with its value from the same tuple).
        public var fields: [SweepField]
        /// The tuples of values, one value per field, in the order the points are run.
        public var values: [[SweepValue]]

        /// An axis that sets `fields` to each tuple of `values` in turn.
        public init(fields: [SweepField], values: [[SweepValue]]) {
            self.fields = fields
            self.values = values
        }

        /// An axis that sets every field of `fields` to the same value, for each of `values`.
        public init(fields: [SweepField], each values: [SweepValue]) {
            self.init(fields: fields, values: values.map { value in fields.map { _ in value } })
        }
    }
}

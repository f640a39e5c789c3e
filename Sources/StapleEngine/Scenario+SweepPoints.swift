extension Scenario {
    /// The sweep grid, point by point: the cartesian product of the axes, the first axis
    /// outermost, each axis's tuples in the order written.
    ///
    /// Without a sweep: one point with an empty label and the scenario itself. A point
    /// that sets `server.kind` to nginx or apache without setting `server.policy` gets the
    /// policy that program has (nginx lazy, apache blocking); `builtin` keeps the file's.
    public func sweepPoints() -> [SweepPoint] {
        var base = self
        base.sweep = []
        var points: [[SweepPoint.Assignment]] = [[]]
        for axis in sweep {
            var next: [[SweepPoint.Assignment]] = []
            for prefix in points {
                for tuple in axis.values {
                    next.append(prefix + zip(axis.fields, tuple).map { SweepPoint.Assignment(field: $0, value: $1) })
                }
            }
            points = next
        }
        return points.enumerated().map { index, assignments in
            var scenario = base
            for assignment in assignments { assignment.field.apply(assignment.value, to: &scenario) }
            let setsKind = assignments.contains { $0.field.target == .section("server", "kind") }
            let setsPolicy = assignments.contains { $0.field.target == .section("server", "policy") }
            if setsKind, !setsPolicy { scenario.server.policy = scenario.server.kind.fixedPolicy ?? base.server.policy }
            return SweepPoint(index: index, assignments: assignments, scenario: scenario)
        }
    }

    /// How many points the sweep grid has (1 without a sweep).
    public var sweepPointCount: Int { sweep.reduce(1) { $0 * $1.values.count } }
}

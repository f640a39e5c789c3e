extension Scenario {
    /// Combinations that cannot hold in this scenario or at any point of its sweep, each as
    /// `field.path: what is wrong` (with the sweep point when it is one); empty when it can run.
    ///
    /// The loader already refuses such files; this is for scenarios changed after loading,
    /// e.g. by command-line overrides such as `--handshakes`.
    public func problems() -> [String] {
        var problems: [String] = []
        for issue in ScenarioValidator.issues(in: self) {
            problems.append("\(issue.paths[0]): \(issue.message)")
        }
        guard problems.isEmpty, !sweep.isEmpty else { return problems }
        for point in sweepPoints() {
            for issue in ScenarioValidator.issues(in: point.scenario) {
                let problem = "\(issue.paths[0]): \(issue.message) (at sweep point \(point.label))"
                if !problems.contains(problem) { problems.append(problem) }
            }
        }
        return problems
    }
}

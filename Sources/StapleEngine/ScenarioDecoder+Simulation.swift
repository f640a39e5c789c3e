import StapleCore

extension ScenarioDecoder {
    /// The keys of `simulation:`.
    static let simulationKeys = ["clients", "sites", "duration", "visits_per_day", "zipf", "stapling_share", "cdn",
                                 "represents"]

    /// `simulation:`: the population `staplebench simulate` models.
    func simulation(_ node: YAMLValue, path: String) -> Scenario.Simulation? {
        guard let fields = mapping(node, path: path, known: ScenarioDecoder.simulationKeys) else { return nil }
        typealias S = Scenario.Simulation
        var simulation = S()
        if let node = fields["clients"], let value = integer(node, path: fields.path("clients"),
                                                            min: S.clientsRange.lowerBound, max: S.clientsRange.upperBound) {
            simulation.clients = value
        }
        if let node = fields["sites"], let value = integer(node, path: fields.path("sites"),
                                                          min: S.sitesRange.lowerBound, max: S.sitesRange.upperBound) {
            simulation.sites = value
        }
        if let node = fields["duration"], let value = delay(node, path: fields.path("duration"), positive: true) {
            if S.durationRange.contains(value) {
                simulation.duration = value
            } else {
                report(.outOfRange, line: node.mark.line, path: fields.path("duration"),
                       "must be from \(S.durationRange.lowerBound) to \(S.durationRange.upperBound), found \(value)")
            }
        }
        if let node = fields["visits_per_day"],
           let value = number(node, path: fields.path("visits_per_day"), in: S.visitsPerDayRange) {
            simulation.visitsPerDay = value
        }
        if let node = fields["zipf"], let value = number(node, path: fields.path("zipf"), in: S.zipfRange) {
            simulation.zipf = value
        }
        if let node = fields["stapling_share"] { simulation.staplingShares = shares(node, path: fields.path("stapling_share")) }
        if let node = fields["represents"], let value = number(node, path: fields.path("represents"), in: S.representsRange) {
            simulation.represents = value
        }
        if let node = fields["cdn"] { simulation.cdn = cdn(node, path: fields.path("cdn")) }
        if simulation.clients * simulation.sites > S.maxPairs {
            report(.outOfRange, line: fields.line("sites"), path: fields.path("sites"),
                   "clients × sites is \(simulation.clients * simulation.sites), more than \(S.maxPairs) (the privacy "
                   + "ledger keeps a bit per pair); use fewer clients or sites and `represents` to scale up")
        }
        if simulation.expectedVisits > S.maxExpectedVisits {
            report(.outOfRange, line: fields.line("visits_per_day"), path: fields.path("visits_per_day"),
                   "clients × visits_per_day × days is \(Int(simulation.expectedVisits)) visits, more than "
                   + "\(Int(S.maxExpectedVisits)); shorten `duration` or use fewer clients")
        }
        return simulation
    }

    /// A number (decimal or exponent notation) within `range`.
    func number(_ node: YAMLValue, path: String, in range: ClosedRange<Double>) -> Double? {
        guard let text = text(node, path: path) else { return nil }
        guard let value = Double(text), value.isFinite else {
            report(.wrongType, line: node.mark.line, path: path, "expected a number, found '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            report(.outOfRange, line: node.mark.line, path: path,
                   "must be from \(range.lowerBound) to \(range.upperBound), found \(text)")
            return nil
        }
        return value
    }

    /// `stapling_share: 0.5` or `stapling_share: [0, 0.5, 1]`: each 0 … 1, at least one.
    private func shares(_ node: YAMLValue, path: String) -> [Double] {
        if case .scalar = node { return number(node, path: path, in: 0 ... 1).map { [$0] } ?? [1] }
        guard let items = list(node, path: path, example: "[0, 0.5, 1]") else { return [1] }
        let values = items.enumerated().compactMap { index, item in number(item, path: "\(path)[\(index)]", in: 0 ... 1) }
        if values.isEmpty {
            report(.missing, line: node.mark.line, path: path, "give at least one share from 0 to 1, e.g. [0, 0.5, 1]")
            return [1]
        }
        return values
    }

    /// `cdn: { max_age: 12h, pops: 1 }`.
    private func cdn(_ node: YAMLValue, path: String) -> Scenario.Simulation.CDN? {
        guard let fields = mapping(node, path: path, known: ["max_age", "pops"]) else { return nil }
        var cdn = Scenario.Simulation.CDN()
        if let node = fields["max_age"] { cdn.maxAge = delay(node, path: fields.path("max_age"), positive: true) }
        if let node = fields["pops"], let pops = integer(node, path: fields.path("pops"),
                                                        min: Scenario.Simulation.CDN.popsRange.lowerBound,
                                                        max: Scenario.Simulation.CDN.popsRange.upperBound) {
            cdn.pops = pops
        }
        return cdn
    }
}

extension Scenario {
    /// `simulation:` as `resolvedYAML()` writes it (nothing without one); numbers in Swift's
    /// shortest round-tripping form, so loading it again gives the same population.
    func writeSimulation(_ w: inout YAMLWriter) {
        guard let simulation else { return }
        w.line(0, "simulation")
        w.line(1, "clients", String(simulation.clients))
        w.line(1, "sites", String(simulation.sites))
        w.line(1, "duration", simulation.duration.description)
        w.line(1, "visits_per_day", "\(simulation.visitsPerDay)")
        w.line(1, "zipf", "\(simulation.zipf)")
        w.line(1, "stapling_share", YAMLWriter.flow(simulation.staplingShares.map { "\($0)" }))
        w.line(1, "represents", "\(simulation.represents)")
        if let cdn = simulation.cdn {
            w.line(1, "cdn")
            if let maxAge = cdn.maxAge { w.line(2, "max_age", maxAge.description) }
            w.line(2, "pops", String(cdn.pops))
        }
    }
}

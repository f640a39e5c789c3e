import StapleCore

extension Scenario {
    /// A span of scenario time (policy clock), measured from the start of the run: the one
    /// window type of outages and link faults.
    public typealias TimeWindow = StapleCore.TimeWindow
}

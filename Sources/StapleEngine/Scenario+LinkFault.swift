import StapleCore

extension Scenario.Link {
    /// A failure a link injects during a window of scenario time: the same type the links run
    /// (its kind carries the bytes of `reset` and the delay of `close`).
    public typealias Fault = FaultWindow
}

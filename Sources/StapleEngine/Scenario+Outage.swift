import StapleCore

extension Scenario {
    /// A window of scenario time in which the responder misbehaves: the same type the responder
    /// actor runs (its kind carries the delay of `slow`).
    public typealias Outage = ResponderOutage
}

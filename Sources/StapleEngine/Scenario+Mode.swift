import StapleCore

extension Scenario {
    /// A way of checking revocation that a run compares against the others (`none`, `classic`,
    /// `stapled`): the same type the client actors take.
    public typealias Mode = RevocationMode
}

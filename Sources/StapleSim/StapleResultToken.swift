import StapleCore

/// A server fetch's result as the simulator carries it: the shared rules' ``StapleCore/StapleFetchResult``
/// and what would be stapled from it.
struct StapleResultToken: Sendable {
    /// What the fetch gave.
    var result: StapleFetchResult
    /// What a staple made from it says.
    var staple: SimStaple?
}

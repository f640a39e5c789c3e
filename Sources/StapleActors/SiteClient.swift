import StapleCore

/// A client the workload can send on a visit: the built-in ``ClientActor`` or a real program
/// (``RealClient``). Each visit is one attempt: DNS, TCP, TLS with the revocation check, request, response.
public protocol SiteClient: Sendable {
    /// The client's name (the party name in traces).
    var name: String { get }
    /// One visit of `site` on `port`; never throws: every failure is a result with its outcome.
    func visit(site: String, port: Int, mode: RevocationMode) async -> ConnectionResult
    /// Stops what the client holds open (a real client's doors); the built-in client holds nothing.
    func stop() async
}

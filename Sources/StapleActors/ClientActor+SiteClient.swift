import StapleCore

extension ClientActor: SiteClient {
    /// The client's name.
    public var name: String { config.name }

    /// One attempt with a fresh connection identifier.
    public func visit(site: String, port: Int, mode: RevocationMode) async -> ConnectionResult {
        await connect(site: site, port: port, mode: mode)
    }

    /// Nothing to stop: the built-in client holds no listeners.
    public func stop() async {}
}

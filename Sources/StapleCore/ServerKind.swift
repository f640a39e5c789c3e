/// Which program plays the TLS server: a scenario server's `kind`.
public enum ServerKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// StapleBench's own server actor, with the scenario's stapling policy.
    case builtin
    /// nginx (always the `lazy` policy: it is what nginx does).
    case nginx
    /// Apache httpd with mod_ssl (always the `blocking` policy).
    case apache

    /// The real program, or nil for the built-in server.
    public var external: ExternalServerKind? {
        switch self {
        case .builtin: return nil
        case .nginx: return .nginx
        case .apache: return .apache
        }
    }

    /// The only policy the real program has, or nil for the built-in server.
    public var fixedPolicy: StaplingPolicy? {
        switch self {
        case .builtin: return nil
        case .nginx: return .lazy
        case .apache: return .blocking
        }
    }
}

/// Which program plays a client: a scenario client's `kind`.
public enum ClientKind: String, Hashable, Sendable, CaseIterable {
    /// StapleBench's own client, following its revocation profile.
    case builtin
    /// Real curl (`--cert-status`: staples only; no staple or a bad one is refused).
    case curl
    /// Real gnutls-cli (`--ocsp`: asks the responder itself when there is no staple).
    case gnutls
    /// Real Chromium, headless, a fresh profile per visit (checks a staple; no online OCSP).
    case chromium
    /// Real Firefox ESR, headless, a fresh profile per visit, driven over Marionette (online OCSP, POST).
    case firefox

    /// The real program, or nil for the built-in client.
    public var program: RealClientProgram? {
        switch self {
        case .builtin: return nil
        case .curl: return .curl
        case .gnutls: return .gnutls
        case .chromium: return .chromium
        case .firefox: return .firefox
        }
    }
}

/// A real TLS client program StapleBench can run as a client, one process per visit.
public enum RealClientProgram: String, Hashable, Sendable, CaseIterable {
    /// curl with `--cert-status`: it asks for a staple and refuses a connection without a good one.
    case curl
    /// gnutls-cli, with `--ocsp` (default) asking the certificate's responder itself when there is no staple.
    case gnutls
    /// Chromium, headless, a fresh profile per visit: it checks a staple when one comes and asks no responder.
    case chromium
    /// Firefox ESR, headless, a fresh profile per visit, driven over Marionette (navigate, then quit).
    case firefox

    /// The executable's name.
    public var executable: String {
        switch self {
        case .curl: "curl"
        case .gnutls: "gnutls-cli"
        case .chromium: "chromium"
        case .firefox: "firefox-esr"
        }
    }

    /// The Debian package that installs it.
    public var debianPackage: String {
        switch self {
        case .curl: "curl"
        case .gnutls: "gnutls-bin"
        case .chromium: "chromium"
        case .firefox: "firefox-esr"
        }
    }
}

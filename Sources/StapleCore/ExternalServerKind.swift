/// Which real TLS server program plays the server actor.
public enum ExternalServerKind: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// nginx (Debian 12: 1.22), the model of the built-in `lazy` stapling policy.
    case nginx
    /// Apache httpd with mod_ssl (Debian 12: 2.4), the model of the built-in `blocking` policy.
    case apache

    /// The executable's name (`nginx`, `apache2`).
    public var programName: String {
        switch self {
        case .nginx: "nginx"
        case .apache: "apache2"
        }
    }

    /// The Debian package that installs it.
    public var debianPackage: String {
        switch self {
        case .nginx: "nginx-light"
        case .apache: "apache2"
        }
    }

    /// The command that installs it on Debian.
    public var installCommand: String { "apt-get install -y \(debianPackage)" }

    /// The name people know it by (`nginx`, `Apache httpd`).
    public var displayName: String {
        switch self {
        case .nginx: "nginx"
        case .apache: "Apache httpd"
        }
    }

    /// The name of its configuration file inside the working folder.
    public var configFileName: String {
        switch self {
        case .nginx: "nginx.conf"
        case .apache: "apache2.conf"
        }
    }

    /// `nginx` or `apache`.
    public var description: String { rawValue }
}

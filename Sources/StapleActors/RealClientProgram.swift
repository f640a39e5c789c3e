/// A real TLS client program StapleBench can run as a client, one process per visit.
public enum RealClientProgram: String, Hashable, Sendable, CaseIterable {
    /// curl with `--cert-status`: it asks for a staple and refuses a connection without a good one.
    case curl
    /// gnutls-cli, with `--ocsp` (default) asking the certificate's responder itself when there is no staple.
    case gnutls

    /// The executable's name.
    public var executable: String {
        switch self {
        case .curl: "curl"
        case .gnutls: "gnutls-cli"
        }
    }

    /// The Debian package that installs it.
    public var debianPackage: String {
        switch self {
        case .curl: "curl"
        case .gnutls: "gnutls-bin"
        }
    }

    /// The folders searched for the executable, in order.
    public static let searchPath = ["/usr/bin", "/usr/local/bin", "/bin"]

    /// The executable's path, or nil when it is not installed.
    public func locate(searchPath: [String] = RealClientProgram.searchPath) -> String? {
        for folder in searchPath {
            let path = folder + "/" + executable
            if ExternalFiles.isExecutable(path) { return path }
        }
        return nil
    }

    /// The arguments of one visit of `https://site:port/`, trusting `caFile`.
    ///
    /// - Parameters:
    ///   - askResponder: gnutls-cli's `--ocsp` (ask the responder when there is no staple); curl has no such check.
    ///   - timeout: seconds the program may take (curl's own `--max-time`; the harness kills both at its own bound).
    func arguments(site: String, port: Int, caFile: String, askResponder: Bool, timeout: Double) -> [String] {
        switch self {
        case .curl:
            return ["-sS", "-v", "--max-time", String(Int(timeout.rounded(.up))), "--cert-status", "--cacert", caFile,
                    "-o", "/dev/null", "-w", "http_code=%{http_code}\\n", "https://\(site):\(port)/"]
        case .gnutls:
            return (askResponder ? ["--ocsp"] : []) + ["--x509cafile", caFile, "-p", String(port), site]
        }
    }

    /// The bytes sent on standard input: gnutls-cli sends what it reads (one HTTP request); curl reads nothing.
    func input(site: String) -> String {
        switch self {
        case .curl: ""
        case .gnutls: "GET / HTTP/1.1\r\nHost: \(site)\r\nConnection: close\r\n\r\n"
        }
    }
}

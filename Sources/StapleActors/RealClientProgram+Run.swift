import StapleCore

extension RealClientProgram {
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
    ///   - profile: Chromium's or Firefox's fresh profile folder for this visit.
    func arguments(site: String, port: Int, caFile: String, askResponder: Bool, timeout: Double,
                   profile: String = "") -> [String] {
        switch self {
        case .curl:
            return ["-sS", "-v", "--max-time", String(Int(timeout.rounded(.up))), "--cert-status", "--cacert", caFile,
                    "-o", "/dev/null", "-w", "http_code=%{http_code}\\n", "https://\(site):\(port)/"]
        case .gnutls:
            return (askResponder ? ["--ocsp"] : []) + ["--x509cafile", caFile, "-p", String(port), site]
        case .chromium:
            // It trusts the root through the NSS database in $HOME/.pki/nssdb (made at start); as
            // root it needs --no-sandbox. Background traffic (updates, sync) is off so that its
            // lookups are the visit's.
            return ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-extensions", "--disable-default-apps", "--dump-dom", "https://\(site):\(port)/"]
        case .firefox:
            // The page is loaded over Marionette (the port Firefox picks is in the profile).
            return ["--headless", "--no-remote", "--marionette", "--profile", profile]
        }
    }

    /// The bytes sent on standard input: gnutls-cli sends what it reads (one HTTP request); curl reads nothing.
    func input(site: String) -> String {
        switch self {
        case .curl, .chromium, .firefox: ""
        case .gnutls: "GET / HTTP/1.1\r\nHost: \(site)\r\nConnection: close\r\n\r\n"
        }
    }
}

import StapleCore

/// An `http://host[:port]/path` URL, as OCSP responder URLs are written (RFC 6960 uses plain HTTP:
/// the response is signed, so it needs no TLS — and must not need it, or checking the
/// responder's own certificate would recurse).
public struct HTTPURL: Hashable, Sendable, CustomStringConvertible {
    /// The host (a name or an IPv4 literal).
    public var host: String
    /// The port (80 when the URL gives none).
    public var port: Int
    /// The path, starting with `/`.
    public var path: String

    /// Parses `http://host[:port][/path]`; nil for anything else (https, user info, IPv6, bad port).
    public init?(_ text: String) {
        guard text.lowercased().hasPrefix("http://") else { return nil }
        let rest = text.dropFirst("http://".count)
        let authority = rest.prefix(while: { $0 != "/" && $0 != "?" })
        var path = String(rest.dropFirst(authority.count))
        if path.isEmpty { path = "/" } else if !path.hasPrefix("/") { path = "/" + path }
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("[") else { return nil }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty else { return nil }
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65_535).contains(port) else { return nil }
            self.port = port
        } else {
            self.port = 80
        }
        self.host = String(parts[0]).lowercased()
        self.path = path
    }

    /// Whether the host is an IPv4 literal (no DNS lookup needed).
    public var hostIsAddress: Bool {
        IPv4Text.parse(host) != nil
    }

    /// The Host header value (`host` or `host:port`).
    public var hostHeader: String { port == 80 ? host : "\(host):\(port)" }

    /// `http://host:port/path`.
    public var description: String { "http://\(hostHeader)\(path)" }
}

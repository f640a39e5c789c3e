/// One request a real server logged in its access log, in the format the config writers set
/// (`CLIENT-IP SNI STATUS "REQUEST LINE"`, the same for nginx and Apache).
///
/// It is what the server learned: which client asked for which hostname (the TLS SNI) —
/// the server's row in the privacy ledger, read from the server's own bytes.
public struct ExternalAccessLogEntry: Hashable, Sendable {
    /// The client's IP address as the server saw it.
    public var clientAddress: String
    /// The SNI hostname of the TLS connection (nil when the client sent none).
    public var serverName: String?
    /// The HTTP status it answered.
    public var status: Int
    /// The request line, e.g. `GET / HTTP/1.1`.
    public var request: String

    /// Makes an entry.
    public init(clientAddress: String, serverName: String?, status: Int, request: String) {
        self.clientAddress = clientAddress
        self.serverName = serverName
        self.status = status
        self.request = request
    }

    /// Parses one line; nil when it is not in the expected format.
    public init?(line: Substring) {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let status = Int(parts[2]),
              parts[3].count >= 2, parts[3].hasPrefix("\""), parts[3].hasSuffix("\"") else { return nil }
        self.init(clientAddress: String(parts[0]),
                  serverName: parts[1] == "-" || parts[1].isEmpty ? nil : String(parts[1]),
                  status: status, request: String(parts[3].dropFirst().dropLast()))
    }

    /// Every well-formed line of an access log, in order.
    public static func parse(_ text: String) -> [ExternalAccessLogEntry] {
        text.split(separator: "\n").compactMap { ExternalAccessLogEntry(line: $0) }
    }
}

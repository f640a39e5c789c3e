/// One thing a tap read in clear from a connection's bytes.
enum TapFinding: Hashable, Sendable {
    /// The server_name of a ClientHello.
    case serverName(String)
    /// An HTTP request line and its Host header (without port), if any.
    case httpRequest(line: String, host: String?)
    /// A serial (as an `OCSPSerialToken`) from an OCSP request over HTTP.
    case ocspRequestSerial(String)
    /// A serial from an OCSP response over HTTP.
    case ocspResponseSerial(String)
    /// A serial from a TLS 1.2 CertificateStatus (a staple in clear).
    case stapleSerial(String)
    /// A dNSName of the leaf certificate of a TLS 1.2 Certificate message.
    case certificateName(String)
    /// The name of a DNS query.
    case dnsQuery(String)
}

/// Why a TLS connection failed.
public enum TLSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// OpenSSL refused the handshake: its reason strings, and the peer-verification result when one failed.
    case handshakeFailed(reasons: [String], verifyResult: String?)
    /// The client's certificate-status policy rejected the server's certificate (e.g. revoked, no staple for must-staple).
    case certificateStatusRejected(String)
    /// The server's staple provider failed to produce an answer.
    case stapleProviderFailed(String)
    /// The peer closed the connection during the handshake.
    case closedDuringHandshake
    /// A write was attempted after the connection was closed.
    case closed
    /// OpenSSL failed outside the handshake (read or write).
    case ioFailed(reasons: [String])

    /// A stable short code for CSVs and tests.
    public var code: String {
        switch self {
        case .handshakeFailed: return "tls-handshake-failed"
        case .certificateStatusRejected: return "certificate-status-rejected"
        case .stapleProviderFailed: return "staple-provider-failed"
        case .closedDuringHandshake: return "closed-during-handshake"
        case .closed: return "closed"
        case .ioFailed: return "tls-io-failed"
        }
    }

    /// A sentence for people.
    public var description: String {
        switch self {
        case .handshakeFailed(let reasons, let verify):
            let why = reasons.isEmpty ? "no reason given" : reasons.joined(separator: "; ")
            return verify.map { "TLS handshake failed: \(why) (certificate: \($0))" } ?? "TLS handshake failed: \(why)"
        case .certificateStatusRejected(let reason): return "certificate status rejected: \(reason)"
        case .stapleProviderFailed(let reason): return "staple provider failed: \(reason)"
        case .closedDuringHandshake: return "the peer closed the connection during the TLS handshake"
        case .closed: return "the TLS connection is closed"
        case .ioFailed(let reasons): return "TLS I/O failed: \(reasons.joined(separator: "; "))"
        }
    }
}

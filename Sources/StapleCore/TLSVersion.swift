/// The TLS versions StapleBench speaks: a scenario server's `tls` (`1.3`, `1.2`) and what the
/// TLS layer negotiates.
public enum TLSVersion: String, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    /// TLS 1.2 (RFC 5246): the certificate and a staple travel in clear (CertificateStatus), so a tap can read them.
    case tls12 = "1.2"
    /// TLS 1.3 (RFC 8446): the certificate and a staple travel encrypted (in the Certificate message).
    case tls13 = "1.3"

    /// The protocol version on the wire (`0x0303`, `0x0304`).
    public var wireValue: UInt16 {
        switch self {
        case .tls12: return 0x0303
        case .tls13: return 0x0304
        }
    }

    /// The versions a server whose highest version is this one accepts: `1.3` is what a current
    /// server offers (1.2 and 1.3; a TLS 1.3 client gets 1.3), `1.2` is 1.2 alone.
    public var serverRange: ClosedRange<TLSVersion> { self == .tls12 ? .tls12 ... .tls12 : .tls12 ... .tls13 }

    /// Orders by protocol version.
    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.wireValue < rhs.wireValue }

    /// `TLSv1.2`, `TLSv1.3`.
    public var description: String { "TLSv\(rawValue)" }
}

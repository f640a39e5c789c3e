internal import COpenSSL

/// The TLS versions StapleBench speaks.
public enum TLSVersion: String, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    /// TLS 1.2 (RFC 5246): the certificate and a staple travel in clear.
    case tls12 = "1.2"
    /// TLS 1.3 (RFC 8446): the certificate and a staple travel encrypted.
    case tls13 = "1.3"

    var openSSLValue: Int32 { self == .tls12 ? TLS1_2_VERSION : TLS1_3_VERSION }

    init?(openSSLValue: Int32) {
        switch openSSLValue {
        case TLS1_2_VERSION: self = .tls12
        case TLS1_3_VERSION: self = .tls13
        default: return nil
        }
    }

    /// Orders by protocol version.
    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.openSSLValue < rhs.openSSLValue }

    /// `TLSv1.2`, `TLSv1.3`.
    public var description: String { "TLSv\(rawValue)" }
}

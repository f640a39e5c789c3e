/// The type byte of a TLS handshake message (RFC 8446 §4, RFC 5246 §7.4, RFC 6066 §8).
///
/// An open set: a passive observer reports whatever type it read; the known ones have names.
public struct TLSHandshakeType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The type byte.
    public var rawValue: UInt8
    /// Wraps a type byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// ClientHello (1).
    public static let clientHello = TLSHandshakeType(rawValue: 1)
    /// ServerHello (2), and a TLS 1.3 HelloRetryRequest.
    public static let serverHello = TLSHandshakeType(rawValue: 2)
    /// NewSessionTicket (4).
    public static let newSessionTicket = TLSHandshakeType(rawValue: 4)
    /// EncryptedExtensions (8, TLS 1.3, never in clear).
    public static let encryptedExtensions = TLSHandshakeType(rawValue: 8)
    /// Certificate (11).
    public static let certificate = TLSHandshakeType(rawValue: 11)
    /// ServerKeyExchange (12, TLS 1.2).
    public static let serverKeyExchange = TLSHandshakeType(rawValue: 12)
    /// CertificateRequest (13).
    public static let certificateRequest = TLSHandshakeType(rawValue: 13)
    /// ServerHelloDone (14, TLS 1.2).
    public static let serverHelloDone = TLSHandshakeType(rawValue: 14)
    /// CertificateVerify (15).
    public static let certificateVerify = TLSHandshakeType(rawValue: 15)
    /// ClientKeyExchange (16, TLS 1.2).
    public static let clientKeyExchange = TLSHandshakeType(rawValue: 16)
    /// Finished (20).
    public static let finished = TLSHandshakeType(rawValue: 20)
    /// CertificateStatus (22, TLS 1.2): the staple.
    public static let certificateStatus = TLSHandshakeType(rawValue: 22)

    private static let names: [UInt8: String] = [
        1: "ClientHello", 2: "ServerHello", 4: "NewSessionTicket", 8: "EncryptedExtensions", 11: "Certificate",
        12: "ServerKeyExchange", 13: "CertificateRequest", 14: "ServerHelloDone", 15: "CertificateVerify",
        16: "ClientKeyExchange", 20: "Finished", 22: "CertificateStatus",
    ]

    /// The RFC's name (`ServerHelloDone`), or `handshake(N)` for an unknown type.
    public var description: String { TLSHandshakeType.names[rawValue] ?? "handshake(\(rawValue))" }
}

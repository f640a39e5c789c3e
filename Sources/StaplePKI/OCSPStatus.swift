import StapleCore
/// The certificate status an OCSP responder asserts (RFC 6960 §2.2).
public enum CertStatus: Hashable, Sendable, CustomStringConvertible {
    /// Not revoked.
    case good
    /// Revoked at `time` (Unix seconds), with an optional reason.
    case revoked(time: Double, reason: RevocationReason?)
    /// The responder does not know the certificate.
    case unknown

    /// `good`, `revoked (keyCompromise)`, `unknown`.
    public var description: String {
        switch self {
        case .good: return "good"
        case .revoked(_, let reason): return reason.map { "revoked (\($0.name))" } ?? "revoked"
        case .unknown: return "unknown"
        }
    }

    /// `good`, `revoked`, `unknown`.
    public var name: String {
        switch self {
        case .good: return "good"
        case .revoked: return "revoked"
        case .unknown: return "unknown"
        }
    }
}

/// OCSPResponseStatus (RFC 6960 §4.2.1): whether the responder answered at all.
public enum OCSPResponseStatus: Int, Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// Response has valid confirmations.
    case successful = 0
    /// Illegal confirmation request.
    case malformedRequest = 1
    /// Internal error in issuer.
    case internalError = 2
    /// Try again later.
    case tryLater = 3
    /// Must sign the request.
    case sigRequired = 5
    /// Request unauthorized.
    case unauthorized = 6

    /// The RFC's name, e.g. `tryLater`.
    public var description: String {
        switch self {
        case .successful: return "successful"
        case .malformedRequest: return "malformedRequest"
        case .internalError: return "internalError"
        case .tryLater: return "tryLater"
        case .sigRequired: return "sigRequired"
        case .unauthorized: return "unauthorized"
        }
    }
}

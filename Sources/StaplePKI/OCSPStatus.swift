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

/// CRLReason (RFC 5280 §5.3.1).
public enum RevocationReason: Int, Hashable, Sendable, CaseIterable, Codable {
    /// unspecified (0)
    case unspecified = 0
    /// keyCompromise (1)
    case keyCompromise = 1
    /// cACompromise (2)
    case caCompromise = 2
    /// affiliationChanged (3)
    case affiliationChanged = 3
    /// superseded (4)
    case superseded = 4
    /// cessationOfOperation (5)
    case cessationOfOperation = 5
    /// certificateHold (6)
    case certificateHold = 6
    /// removeFromCRL (8)
    case removeFromCRL = 8
    /// privilegeWithdrawn (9)
    case privilegeWithdrawn = 9
    /// aACompromise (10)
    case aaCompromise = 10

    /// The RFC 5280 name, e.g. `keyCompromise`.
    public var name: String {
        switch self {
        case .unspecified: return "unspecified"
        case .keyCompromise: return "keyCompromise"
        case .caCompromise: return "cACompromise"
        case .affiliationChanged: return "affiliationChanged"
        case .superseded: return "superseded"
        case .cessationOfOperation: return "cessationOfOperation"
        case .certificateHold: return "certificateHold"
        case .removeFromCRL: return "removeFromCRL"
        case .privilegeWithdrawn: return "privilegeWithdrawn"
        case .aaCompromise: return "aACompromise"
        }
    }

    /// Looks a reason up by its RFC 5280 name (case-insensitive).
    public init?(name: String) {
        guard let match = RevocationReason.allCases.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            return nil
        }
        self = match
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

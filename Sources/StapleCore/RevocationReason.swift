/// CRLReason (RFC 5280 §5.3.1): what scenario files write as `revoked_reason`, what `serve --revoke
/// HOST:reason` takes, and what OCSP responses and CRLs carry.
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

import StapleCore
/// What a client concludes from CRLs about one certificate chain.
public enum CRLVerdict: Hashable, Sendable, CustomStringConvertible {
    /// The chain verifies and no CRL in scope lists the certificate; the CRL is good until `nextUpdate`.
    case good(nextUpdate: Double?)
    /// A CRL in scope, signed by the issuer and current, lists the certificate.
    case revoked(time: Double, reason: RevocationReason?)
    /// No usable answer, and exactly why.
    case rejected(CRLRejection)

    /// `good`, `revoked (keyCompromise)`, `rejected: …`.
    public var description: String {
        switch self {
        case .good: return "good"
        case .revoked(_, let reason): return reason.map { "revoked (\($0.name))" } ?? "revoked"
        case .rejected(let why): return "rejected: \(why)"
        }
    }

    /// The short status name for CSVs: `good`, `revoked`, or the rejection's code.
    public var statusName: String {
        switch self {
        case .good: return "good"
        case .revoked: return "revoked"
        case .rejected(let why): return why.code
        }
    }
}

/// Why OpenSSL's CRL check gave no usable answer (from `X509_STORE_CTX_get_error`).
public enum CRLRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes are not a DER CRL.
    case malformed
    /// No CRL for the certificate's issuer was given.
    case noCRL
    /// The CRL's signature does not verify with the issuer's key.
    case badSignature
    /// nextUpdate is in the past.
    case expired
    /// thisUpdate is in the future.
    case notYetValid
    /// The CRL is another shard's (its issuingDistributionPoint is not the certificate's distribution point).
    case differentScope
    /// The chain itself does not verify (OpenSSL's reason).
    case chain(String)

    /// A short code for CSVs.
    public var code: String {
        switch self {
        case .malformed: return "crl-malformed"
        case .noCRL: return "crl-missing"
        case .badSignature: return "crl-bad-signature"
        case .expired: return "crl-expired"
        case .notYetValid: return "crl-not-yet-valid"
        case .differentScope: return "crl-different-scope"
        case .chain: return "chain"
        }
    }

    /// A sentence for people.
    public var description: String {
        switch self {
        case .malformed: return "the CRL is not DER"
        case .noCRL: return "no CRL for the issuer"
        case .badSignature: return "the CRL's signature does not verify"
        case .expired: return "the CRL's nextUpdate has passed"
        case .notYetValid: return "the CRL's thisUpdate is in the future"
        case .differentScope: return "the CRL is another shard's (issuingDistributionPoint differs)"
        case .chain(let why): return "the chain does not verify: \(why)"
        }
    }
}

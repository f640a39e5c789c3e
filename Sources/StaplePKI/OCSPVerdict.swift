import StapleCore
/// What a client concludes from an OCSP response about one certificate.
public enum OCSPVerdict: Hashable, Sendable, CustomStringConvertible {
    /// Signed by an authorised signer, about this certificate, fresh: not revoked.
    case good(thisUpdate: Double, nextUpdate: Double?)
    /// Signed, about this certificate, fresh: revoked.
    case revoked(time: Double, reason: RevocationReason?)
    /// Signed, about this certificate, fresh: the responder does not know it.
    case unknown
    /// The response cannot be relied on, and exactly why.
    case rejected(OCSPRejection)

    /// `good`, `revoked (keyCompromise)`, `unknown`, `rejected: …`.
    public var description: String {
        switch self {
        case .good: return "good"
        case .revoked(_, let reason): return reason.map { "revoked (\($0.name))" } ?? "revoked"
        case .unknown: return "unknown"
        case .rejected(let why): return "rejected: \(why)"
        }
    }

    /// The short status name for CSVs: `good`, `revoked`, `unknown`, or the rejection's code.
    public var statusName: String {
        switch self {
        case .good: return "good"
        case .revoked: return "revoked"
        case .unknown: return "unknown"
        case .rejected(let why): return why.code
        }
    }

    /// Whether the response is usable (good, revoked or unknown).
    public var isTrustworthy: Bool {
        if case .rejected = self { return false }
        return true
    }
}

/// Why a client rejected an OCSP response.
public enum OCSPRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes are not a DER OCSPResponse (garbage, truncated).
    case malformed
    /// The responder answered with an error status instead of a response.
    case errorStatus(OCSPResponseStatus)
    /// A successful status without a BasicOCSPResponse inside.
    case notBasic
    /// The signature does not verify with the signer's key.
    case badSignature
    /// The signer's certificate is neither in the response nor known to the client.
    case signerNotFound
    /// The signer's certificate does not chain to a trusted root (another CA signed it).
    case untrustedSigner(String)
    /// The signer is neither the issuing CA nor a delegated OCSP signer of that CA.
    case unauthorizedSigner(String)
    /// The response does not speak about this certificate.
    case certIDMismatch
    /// nextUpdate is in the past (beyond the allowed skew).
    case expired(nextUpdate: Double)
    /// thisUpdate is in the future (beyond the allowed skew).
    case notYetValid(thisUpdate: Double)
    /// thisUpdate is older than the client accepts.
    case tooOld(thisUpdate: Double)
    /// The request carried a nonce and the response carries another one.
    case nonceMismatch
    /// The request carried a nonce, the response none, and the client requires it.
    case nonceMissing

    /// A stable short code for CSVs and tests (`expired`, `bad-signature`, …).
    public var code: String {
        switch self {
        case .malformed: return "malformed"
        case .errorStatus(let status): return "error-status-\(status)"
        case .notBasic: return "not-basic"
        case .badSignature: return "bad-signature"
        case .signerNotFound: return "signer-not-found"
        case .untrustedSigner: return "untrusted-signer"
        case .unauthorizedSigner: return "unauthorized-signer"
        case .certIDMismatch: return "certid-mismatch"
        case .expired: return "expired"
        case .notYetValid: return "not-yet-valid"
        case .tooOld: return "too-old"
        case .nonceMismatch: return "nonce-mismatch"
        case .nonceMissing: return "nonce-missing"
        }
    }

    /// A sentence for people.
    public var description: String {
        switch self {
        case .malformed: return "the response is not a DER OCSPResponse"
        case .errorStatus(let status): return "the responder answered \(status)"
        case .notBasic: return "the response holds no BasicOCSPResponse"
        case .badSignature: return "the response's signature does not verify"
        case .signerNotFound: return "the response's signer certificate is unknown"
        case .untrustedSigner(let why): return "the response's signer does not chain to a trusted root (\(why))"
        case .unauthorizedSigner(let why): return "the response's signer is not authorised for this issuer (\(why))"
        case .certIDMismatch: return "the response is about another certificate"
        case .expired(let next): return "the response expired (nextUpdate \(UnixTime.iso(next)))"
        case .notYetValid(let this): return "the response is not valid yet (thisUpdate \(UnixTime.iso(this)))"
        case .tooOld(let this): return "the response is too old (thisUpdate \(UnixTime.iso(this)))"
        case .nonceMismatch: return "the response's nonce differs from the request's"
        case .nonceMissing: return "the response carries no nonce although the request did"
        }
    }
}

/// Formats Unix times for messages.
enum UnixTime {
    /// `2026-11-25T11:46:36Z`.
    static func iso(_ seconds: Double) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
    }
}

#if canImport(Glibc)
import Glibc
#endif

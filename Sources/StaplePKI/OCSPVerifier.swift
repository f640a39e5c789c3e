internal import COpenSSL
import StapleCore

/// The client side of OCSP: decides what a response says about one certificate, checking
/// everything a careful client checks (RFC 6960 §3.2):
///
/// 1. it is a DER OCSPResponse with status successful and a BasicOCSPResponse inside;
/// 2. the signature verifies, and the signer chains to a trusted root and is authorised —
///    the issuing CA itself, or a delegated signer that CA issued with id-kp-OCSPSigning;
/// 3. it speaks about this certificate (CertID: issuer name hash, issuer key hash, serial);
/// 4. thisUpdate is not in the future and nextUpdate not in the past, beyond `skew`;
/// 5. when the request carried a nonce, the response carries the same one (a staple never
///    can: it was fetched before this client asked, so staples are checked without a nonce).
public struct OCSPVerifier: Sendable {
    /// The roots the client trusts.
    public let trust: TrustStore
    /// How far the client tolerates clocks disagreeing, seconds.
    public var skew: Double
    /// The oldest thisUpdate accepted (seconds before now), or nil for no limit.
    public var maxAge: Double?
    /// Whether a response without a nonce is rejected when the request had one.
    public var requireNonce: Bool
    /// Whether the signature and the signer are checked (step 2). A server with
    /// `ssl_stapling_verify off` still reads the status and the dates, but trusts the bytes.
    public var checkSignature: Bool

    /// Makes a verifier.
    public init(trust: TrustStore, skew: Double = 300, maxAge: Double? = nil, requireNonce: Bool = false,
                checkSignature: Bool = true) {
        self.trust = trust
        self.skew = skew
        self.maxAge = maxAge
        self.requireNonce = requireNonce
        self.checkSignature = checkSignature
    }

    /// Verifies `response` about `certificate`, issued by `issuer`, at time `now` (Unix seconds).
    ///
    /// - Parameters:
    ///   - request: the request this response answers, to check its nonce (nil for a staple).
    ///   - untrusted: extra certificates that may help find the signer (the server's chain).
    public func verify(_ response: [UInt8], certificate: Certificate, issuer: Certificate,
                       request: OCSPRequest? = nil, untrusted: [Certificate] = [], now: Double) -> OCSPVerdict {
        defer { ERR_clear_error() }
        guard let parsed = BIOBytes.decode(response, { d2i_OCSP_RESPONSE(nil, $0, $1) }, free: { OCSP_RESPONSE_free($0) }) else {
            return .rejected(.malformed)
        }
        defer { OCSP_RESPONSE_free(parsed) }
        let statusCode = Int(OCSP_response_status(parsed))
        guard statusCode == OCSP_RESPONSE_STATUS_SUCCESSFUL else {
            return .rejected(OCSPResponseStatus(rawValue: statusCode).map { .errorStatus($0) } ?? .malformed)
        }
        guard let basic = OCSP_response_get1_basic(parsed) else { return .rejected(.notBasic) }
        defer { OCSP_BASICRESP_free(basic) }

        // 2. Signature, signer chain and signer authorisation.
        guard let helpers = OPENSSL_sk_new_null() else { return .rejected(.malformed) }
        defer { OPENSSL_sk_free(helpers) }
        OPENSSL_sk_push(helpers, UnsafeRawPointer(issuer.pointer))
        for cert in untrusted { OPENSSL_sk_push(helpers, UnsafeRawPointer(cert.pointer)) }
        ERR_clear_error()
        if checkSignature, OCSP_basic_verify(basic, helpers, trust.pointer, 0) <= 0 {
            return .rejected(OCSPVerifier.rejection(from: OpenSSLError("OCSP_basic_verify")))
        }

        // 5. Nonce (only when we sent one).
        if let request, request.nonce != nil {
            switch OCSP_check_nonce(request.pointer, basic) {
            case 1: break
            case -1: if requireNonce { return .rejected(.nonceMissing) }
            default: return .rejected(.nonceMismatch)
            }
        }

        // 3. About this certificate?
        guard let id = OCSP_cert_to_id(EVP_sha1(), certificate.pointer, issuer.pointer) else { return .rejected(.malformed) }
        defer { OCSP_CERTID_free(id) }
        var status: Int32 = -1, reason: Int32 = -1
        var revokedAt: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>? = nil
        var thisUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>? = nil
        var nextUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>? = nil
        var found = OCSP_resp_find_status(basic, id, &status, &reason, &revokedAt, &thisUpdate, &nextUpdate) == 1
        if !found {
            // The responder may have hashed the CertID with SHA-256: compare with that too.
            if let id256 = OCSP_cert_to_id(EVP_sha256(), certificate.pointer, issuer.pointer) {
                found = OCSP_resp_find_status(basic, id256, &status, &reason, &revokedAt, &thisUpdate, &nextUpdate) == 1
                OCSP_CERTID_free(id256)
            }
        }
        guard found else { return .rejected(.certIDMismatch) }

        // 4. Freshness, against the caller's clock (the scenario clock, not the wall clock).
        guard let thisTime = Certificate.unixTime(thisUpdate) else { return .rejected(.malformed) }
        let nextTime = Certificate.unixTime(nextUpdate)
        if thisTime > now + skew { return .rejected(.notYetValid(thisUpdate: thisTime)) }
        if let nextTime, nextTime < now - skew { return .rejected(.expired(nextUpdate: nextTime)) }
        if let maxAge, now - thisTime > maxAge + skew { return .rejected(.tooOld(thisUpdate: thisTime)) }

        switch status {
        case V_OCSP_CERTSTATUS_GOOD:
            return .good(thisUpdate: thisTime, nextUpdate: nextTime)
        case V_OCSP_CERTSTATUS_REVOKED:
            return .revoked(time: Certificate.unixTime(revokedAt) ?? 0,
                            reason: reason >= 0 ? RevocationReason(rawValue: Int(reason)) : nil)
        default:
            return .unknown
        }
    }

    /// Maps OpenSSL's OCSP_basic_verify errors to a rejection, by the OCSP library's reason
    /// codes (the texts are only read for the X509 verify detail).
    static func rejection(from error: OpenSSLError) -> OCSPRejection {
        let reasons = error.reasons
        let ocspReasons = Set(error.codes.filter { OpenSSLError.library(of: $0) == ERR_LIB_OCSP }
            .map { OpenSSLError.reason(of: $0) })
        if ocspReasons.contains(OCSP_R_SIGNER_CERTIFICATE_NOT_FOUND) { return .signerNotFound }
        if ocspReasons.contains(OCSP_R_SIGNATURE_FAILURE) { return .badSignature }
        if ocspReasons.contains(OCSP_R_CERTIFICATE_VERIFY_ERROR) || ocspReasons.contains(OCSP_R_ROOT_CA_NOT_TRUSTED) {
            let detail = reasons.last(where: { $0.contains("Verify error") }) ?? reasons.last ?? ""
            let reason = detail.components(after: "Verify error:").map { String($0.dropLast($0.hasSuffix(")") ? 1 : 0)) }
            return .untrustedSigner(reason ?? detail)
        }
        return .unauthorizedSigner(reasons.last ?? "unknown reason")
    }
}

extension String {
    /// The text after the first `marker`, without leading spaces, or nil when `marker` is absent.
    func components(after marker: String) -> String? {
        var rest = Substring(self)
        while !rest.isEmpty {
            if rest.hasPrefix(marker) { return String(rest.dropFirst(marker.count).drop(while: { $0 == " " })) }
            rest = rest.dropFirst()
        }
        return nil
    }
}

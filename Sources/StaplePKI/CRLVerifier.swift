internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The client side of CRLs: OpenSSL's own CRL checking (`X509_verify_cert` with
/// `X509_V_FLAG_CRL_CHECK`, the CRLs handed to the verification context, not added to the
/// shared trust store), at a time the caller gives (the scenario clock).
///
/// OpenSSL then checks, as RFC 5280 §6.3 asks: the CRL's issuer and authorityKeyIdentifier
/// match the certificate's issuer, its signature verifies, thisUpdate ≤ now < nextUpdate, its
/// scope covers the certificate (a shard's issuingDistributionPoint must be the certificate's
/// CRL distribution point), and whether it lists the certificate's serial.
public struct CRLVerifier: Sendable {
    /// The roots the client trusts.
    public let trust: TrustStore
    /// Check every certificate of the chain (`X509_V_FLAG_CRL_CHECK_ALL`, needs a CRL per CA), not only the leaf.
    public var wholeChain: Bool

    /// Makes a verifier.
    public init(trust: TrustStore, wholeChain: Bool = false) {
        self.trust = trust
        self.wholeChain = wholeChain
    }

    /// Verifies `chain` (leaf first, then intermediates; a trailing root is ignored) against
    /// `crls` at `now` (Unix seconds).
    public func verify(chain: [Certificate], crls: [RevocationList], now: Double) -> CRLVerdict {
        defer { ERR_clear_error() }
        guard let leaf = chain.first, let ctx = X509_STORE_CTX_new() else { return .rejected(.chain("no certificate")) }
        defer { X509_STORE_CTX_free(ctx) }
        guard let untrusted = OPENSSL_sk_new_null(), let lists = OPENSSL_sk_new_null() else {
            return .rejected(.chain("out of memory"))
        }
        defer {
            OPENSSL_sk_free(untrusted)
            OPENSSL_sk_free(lists)
        }
        for cert in chain.dropFirst() where !cert.isSelfSigned { OPENSSL_sk_push(untrusted, UnsafeRawPointer(cert.pointer)) }
        for crl in crls { OPENSSL_sk_push(lists, UnsafeRawPointer(crl.pointer)) }
        guard X509_STORE_CTX_init(ctx, trust.pointer, leaf.pointer, untrusted) == 1 else {
            return .rejected(.chain("X509_STORE_CTX_init failed"))
        }
        X509_STORE_CTX_set0_crls(ctx, lists)
        X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER)
        let flags = UInt(X509_V_FLAG_CRL_CHECK) | (wholeChain ? UInt(X509_V_FLAG_CRL_CHECK_ALL) : 0)
        X509_STORE_CTX_set_flags(ctx, flags)
        X509_STORE_CTX_set_time(ctx, 0, time_t(now))
        if X509_verify_cert(ctx) == 1 {
            let next = crls.filter { leaf.isIssued(byName: $0) }.compactMap(\.nextUpdate).min()
            return .good(nextUpdate: next)
        }
        let error = X509_STORE_CTX_get_error(ctx)
        switch error {
        case X509_V_ERR_CERT_REVOKED:
            // The listed certificate: the leaf, or with a whole-chain check an intermediate.
            let entry = chain.lazy.compactMap { cert in crls.lazy.compactMap { $0.entry(for: cert) }.first }.first
            return .revoked(time: entry?.time ?? 0, reason: entry?.reason)
        case X509_V_ERR_UNABLE_TO_GET_CRL: return .rejected(.noCRL)
        case X509_V_ERR_CRL_SIGNATURE_FAILURE, X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE: return .rejected(.badSignature)
        case X509_V_ERR_CRL_HAS_EXPIRED: return .rejected(.expired)
        case X509_V_ERR_CRL_NOT_YET_VALID: return .rejected(.notYetValid)
        case X509_V_ERR_DIFFERENT_CRL_SCOPE: return .rejected(.differentScope)
        default: return .rejected(.chain(String(cString: X509_verify_cert_error_string(Int(error)))))
        }
    }
}

internal import COpenSSL

/// What one responder answers for: the certificates one CA issued, and who signs for it.
///
/// The signer is the issuing CA itself, or a delegated signer certificate issued by that
/// CA with id-kp-OCSPSigning (RFC 6960 §4.2.2.2).
public struct OCSPAuthority: Sendable {
    /// The CA whose certificates this authority answers for.
    public let issuer: Certificate
    /// Who signs responses: the issuer itself or a delegated signer.
    public let signer: IssuedCertificate
    /// Whether responses carry the signer's certificate (required for a delegated signer;
    /// optional for the CA, which clients already hold: about 370 bytes more per response).
    public let includeSignerCertificate: Bool
    /// What the CA issued, by serial (uppercase hex): the hostname behind it.
    public let issued: [String: String]

    /// Makes an authority.
    ///
    /// - Parameters:
    ///   - issued: the certificates the CA issued, with the name the responder logs for each
    ///     (a leaf's hostname; an intermediate's common name).
    public init(issuer: IssuedCertificate, delegatedSigner: IssuedCertificate? = nil,
                includeSignerCertificate: Bool? = nil, issued: [(Certificate, String)]) {
        self.issuer = issuer.certificate
        self.signer = delegatedSigner ?? IssuedCertificate(certificate: issuer.certificate, key: issuer.key)
        self.includeSignerCertificate = includeSignerCertificate ?? (delegatedSigner != nil)
        var map: [String: String] = [:]
        for (cert, name) in issued { map[cert.serialHex] = name }
        self.issued = map
    }

    /// Whether a CertID names this authority's CA as issuer (same name and key hashes).
    func matches(_ id: OpaquePointer) -> Bool {
        var nameHash: UnsafeMutablePointer<ASN1_OCTET_STRING>? = nil
        var md: OpaquePointer? = nil
        var keyHash: UnsafeMutablePointer<ASN1_OCTET_STRING>? = nil
        var serial: UnsafeMutablePointer<ASN1_INTEGER>? = nil
        guard OCSP_id_get0_info(&nameHash, &md, &keyHash, &serial, id) == 1, let md, let serial,
              let digest = EVP_get_digestbyname(OBJ_nid2sn(OBJ_obj2nid(md))),
              let mine = OCSP_cert_id_new(digest, X509_get_subject_name(issuer.pointer),
                                          X509_get0_pubkey_bitstr(issuer.pointer), serial) else {
            _ = OpenSSLError.drainQueue()
            return false
        }
        defer { OCSP_CERTID_free(mine) }
        return OCSP_id_issuer_cmp(mine, id) == 0
    }
}

internal import COpenSSL
#if canImport(Glibc)
import Glibc
import StapleCore
#endif

/// A certificate and the key that goes with it (a leaf, a CA or an OCSP signer), plus the
/// chain a server sends after it (intermediates, not the root).
public struct IssuedCertificate: Sendable {
    /// The certificate.
    public let certificate: Certificate
    /// Its private key.
    public let key: PrivateKey
    /// The certificates between it and the root, nearest first (empty when issued by the root).
    public let chain: [Certificate]

    /// Bundles a certificate, its key and its chain.
    public init(certificate: Certificate, key: PrivateKey, chain: [Certificate] = []) {
        self.certificate = certificate
        self.key = key
        self.chain = chain
    }
}

/// A test certificate authority that can issue intermediates, leaves and OCSP signers.
///
/// Everything it issues is real X.509 made by OpenSSL: ECDSA P-256 or RSA-2048 keys,
/// SHA-256 signatures, subjectKeyIdentifier / authorityKeyIdentifier, and the
/// authorityInfoAccess OCSP URL that tells clients where to ask for status.
public struct CertificateAuthority: Sendable {
    /// The CA's own certificate and key (its chain: the intermediates above it, for an intermediate).
    public let identity: IssuedCertificate
    /// The algorithm used for keys this CA makes.
    public let algorithm: PrivateKey.Algorithm

    /// The CA certificate.
    public var certificate: Certificate { identity.certificate }
    /// The CA key.
    public var key: PrivateKey { identity.key }

    /// Wraps an existing CA certificate and key.
    public init(identity: IssuedCertificate, algorithm: PrivateKey.Algorithm? = nil) {
        self.identity = identity
        self.algorithm = algorithm ?? identity.key.algorithm
    }

    /// A fresh self-signed root CA.
    public static func root(name: String = "StapleBench Test Root CA",
                            algorithm: PrivateKey.Algorithm = .ecP256,
                            validity: Validity = .standard) throws(OpenSSLError) -> CertificateAuthority {
        let key = try PrivateKey.generate(algorithm)
        let cert = try CertificateBuilder.build(
            subject: name, organization: "StapleBench", subjectKey: key, issuer: nil, issuerKey: key,
            validity: validity,
            extensions: [
                (NID_basic_constraints, "critical,CA:TRUE"),
                (NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"),
                (NID_subject_key_identifier, "hash"),
            ])
        return CertificateAuthority(identity: IssuedCertificate(certificate: cert, key: key), algorithm: algorithm)
    }

    /// An intermediate CA issued by this one; `ocspURL` is where clients check the intermediate's
    /// own status, `crlURL` (nil: none) the cRLDistributionPoints URI of this CA's list covering it.
    public func issueIntermediate(name: String = "StapleBench Test Intermediate CA", ocspURL: String?,
                                  validity: Validity = .standard, crlURL: String? = nil) throws(OpenSSLError) -> CertificateAuthority {
        let key = try PrivateKey.generate(algorithm)
        var extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
            (NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ]
        if let ocspURL { extensions.append((NID_info_access, "OCSP;URI:\(ocspURL)")) }
        if let crlURL { extensions.append((NID_crl_distribution_points, "URI:\(crlURL)")) }
        let cert = try CertificateBuilder.build(subject: name, organization: "StapleBench", subjectKey: key,
                                                issuer: certificate, issuerKey: self.key,
                                                validity: validity, extensions: extensions)
        return CertificateAuthority(identity: IssuedCertificate(certificate: cert, key: key, chain: chainForIssued),
                                    algorithm: algorithm)
    }

    /// A server certificate for `hosts` (the first is the common name; all go into subjectAltName).
    ///
    /// - Parameters:
    ///   - ocspURL: the authorityInfoAccess OCSP URL, or nil for none.
    ///   - mustStaple: add the TLS feature extension with status_request (RFC 7633).
    ///   - algorithm: the leaf's key type (default: the CA's).
    ///   - crlURL: the cRLDistributionPoints URI (where the CRL covering the leaf is), or nil for none.
    public func issueLeaf(hosts: [String], ocspURL: String?, mustStaple: Bool = false,
                          algorithm: PrivateKey.Algorithm? = nil,
                          validity: Validity = .standard, crlURL: String? = nil) throws(OpenSSLError) -> IssuedCertificate {
        guard let first = hosts.first else {
            throw OpenSSLError("issueLeaf", reasons: ["a leaf certificate needs at least one hostname"])
        }
        let key = try PrivateKey.generate(algorithm ?? self.algorithm)
        var extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, key.algorithm == .rsa2048 ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature"),
            (NID_ext_key_usage, "serverAuth"),
            (NID_subject_alt_name, hosts.map { "DNS:\($0)" }.joined(separator: ",")),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ]
        if let ocspURL { extensions.append((NID_info_access, "OCSP;URI:\(ocspURL)")) }
        if let crlURL { extensions.append((NID_crl_distribution_points, "URI:\(crlURL)")) }
        if mustStaple { extensions.append((NID_tlsfeature, "status_request")) }
        let cert = try CertificateBuilder.build(subject: first, organization: nil, subjectKey: key,
                                                issuer: certificate, issuerKey: self.key,
                                                validity: validity, extensions: extensions)
        return IssuedCertificate(certificate: cert, key: key, chain: chainForIssued)
    }

    /// A delegated OCSP signing certificate (extendedKeyUsage id-kp-OCSPSigning, id-pkix-ocsp-nocheck).
    public func issueOCSPSigner(name: String = "StapleBench OCSP Signer",
                                validity: Validity = .standard) throws(OpenSSLError) -> IssuedCertificate {
        let key = try PrivateKey.generate(algorithm)
        let cert = try CertificateBuilder.build(
            subject: name, organization: "StapleBench", subjectKey: key, issuer: certificate, issuerKey: self.key,
            validity: validity,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature"),
                (NID_ext_key_usage, "OCSPSigning"),
                (NID_id_pkix_OCSP_noCheck, "ignored"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
            ])
        return IssuedCertificate(certificate: cert, key: key, chain: chainForIssued)
    }

    /// The chain a certificate issued by this CA is sent with: this CA (unless it is the root) and its own chain.
    private var chainForIssued: [Certificate] {
        certificate.isSelfSigned ? [] : [certificate] + identity.chain
    }
}

/// A certificate's validity window.
public struct Validity: Sendable, Hashable {
    /// notBefore, Unix seconds.
    public var notBefore: Double
    /// notAfter, Unix seconds.
    public var notAfter: Double

    /// An explicit window.
    public init(notBefore: Double, notAfter: Double) {
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// From one day ago to twenty years ahead, so scenario clocks running faster than real
    /// time never leave it.
    public static var standard: Validity {
        let now = Double(time(nil))
        return Validity(notBefore: now - 86_400, notAfter: now + 20 * 365 * 86_400)
    }
}

extension Certificate {
    /// Whether subject and issuer are the same name (a root).
    public var isSelfSigned: Bool {
        X509_NAME_cmp(X509_get_subject_name(pointer), X509_get_issuer_name(pointer)) == 0
    }
}

/// Builds and signs X.509 v3 certificates.
enum CertificateBuilder {
    static func build(subject: String, organization: String?, subjectKey: PrivateKey,
                      issuer: Certificate?, issuerKey: PrivateKey, validity: Validity,
                      extensions: [(Int32, String)]) throws(OpenSSLError) -> Certificate {
        guard let x509 = X509_new() else { throw OpenSSLError("X509_new") }
        let cert = Certificate(taking: x509)
        try check(X509_set_version(x509, 2) == 1, "X509_set_version")
        try setRandomSerial(x509)

        guard let name = X509_NAME_new() else { throw OpenSSLError("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        if let organization {
            try check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, organization, -1, -1, 0) == 1,
                      "X509_NAME_add_entry_by_txt(O)")
        }
        try check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, subject, -1, -1, 0) == 1,
                  "X509_NAME_add_entry_by_txt(CN=\(subject))")
        try check(X509_set_subject_name(x509, name) == 1, "X509_set_subject_name")
        let issuerName = issuer.map { X509_get_subject_name($0.pointer) } ?? name
        try check(X509_set_issuer_name(x509, issuerName) == 1, "X509_set_issuer_name")

        try check(ASN1_TIME_set(X509_getm_notBefore(x509), time_t(validity.notBefore)) != nil, "ASN1_TIME_set(notBefore)")
        try check(ASN1_TIME_set(X509_getm_notAfter(x509), time_t(validity.notAfter)) != nil, "ASN1_TIME_set(notAfter)")
        try check(X509_set_pubkey(x509, subjectKey.pointer) == 1, "X509_set_pubkey")

        var ctx = X509V3_CTX()
        X509V3_set_ctx(&ctx, issuer?.pointer ?? x509, x509, nil, nil, 0)
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &ctx, nid, value) else {
                throw OpenSSLError("X509V3_EXT_conf_nid(\(String(cString: OBJ_nid2sn(nid))) = \(value))")
            }
            defer { X509_EXTENSION_free(ext) }
            try check(X509_add_ext(x509, ext, -1) == 1, "X509_add_ext")
        }
        try check(X509_sign(x509, issuerKey.pointer, EVP_sha256()) > 0, "X509_sign")
        return cert
    }

    /// A random positive 127-bit serial, as RFC 5280 and the CA/B Forum ask (at least 64 bits of entropy).
    private static func setRandomSerial(_ x509: OpaquePointer) throws(OpenSSLError) {
        guard let bn = BN_new() else { throw OpenSSLError("BN_new") }
        defer { BN_free(bn) }
        try check(BN_rand(bn, 127, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) == 1, "BN_rand")
        try check(BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x509)) != nil, "BN_to_ASN1_INTEGER")
    }
}

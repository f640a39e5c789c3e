internal import COpenSSL
#if canImport(Glibc)
import Glibc
import StapleCore
#endif

extension CertificateAuthority {
    /// Signs a v2 CRL (RFC 5280 §5) for the certificates this CA issued: issuer = this CA's
    /// subject, authorityKeyIdentifier, cRLNumber, thisUpdate/nextUpdate, the entries sorted
    /// by serial (each with its reason code when given), and, for a shard of a partitioned
    /// CRL, a critical issuingDistributionPoint naming the shard's URL (which the
    /// certificates of that shard carry as their CRL distribution point).
    ///
    /// The list returned is the signed DER decoded again, so that OpenSSL's checks of it
    /// (which read the extensions only when decoding) behave as for a downloaded list.
    public func issueCRL(_ contents: RevocationListContents) throws(OpenSSLError) -> RevocationList {
        guard let crl = X509_CRL_new() else { throw OpenSSLError("X509_CRL_new") }
        let list = RevocationList(taking: crl)
        try check(X509_CRL_set_version(crl, 1) == 1, "X509_CRL_set_version")
        try check(X509_CRL_set_issuer_name(crl, X509_get_subject_name(certificate.pointer)) == 1, "X509_CRL_set_issuer_name")
        try CertificateAuthority.withTime(contents.thisUpdate) { time throws(OpenSSLError) in
            try check(X509_CRL_set1_lastUpdate(crl, time) == 1, "X509_CRL_set1_lastUpdate")
        }
        try CertificateAuthority.withTime(contents.nextUpdate) { time throws(OpenSSLError) in
            try check(X509_CRL_set1_nextUpdate(crl, time) == 1, "X509_CRL_set1_nextUpdate")
        }
        for entry in contents.entries {
            try CertificateAuthority.addRevoked(crl, serial: entry.serial, time: entry.time, reason: entry.reason)
        }
        if !contents.padding.isEmpty {
            try CertificateAuthority.withTime(contents.paddingTime) { time throws(OpenSSLError) in
                for serial in contents.padding {
                    try CertificateAuthority.addRevoked(crl, serial: serial, time: time)
                }
            }
        }
        try check(X509_CRL_sort(crl) == 1, "X509_CRL_sort")

        var ctx = X509V3_CTX()
        X509V3_set_ctx(&ctx, certificate.pointer, nil, nil, crl, 0)
        var extensions = [(NID_authority_key_identifier, "keyid:always")]
        if let point = contents.distributionPoint {
            extensions.append((NID_issuing_distribution_point, "critical,fullname:URI:\(point)"))
        }
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &ctx, nid, value) else {
                throw OpenSSLError("X509V3_EXT_conf_nid(\(String(cString: OBJ_nid2sn(nid))) = \(value))")
            }
            defer { X509_EXTENSION_free(ext) }
            try check(X509_CRL_add_ext(crl, ext, -1) == 1, "X509_CRL_add_ext")
        }
        guard let number = ASN1_INTEGER_new() else { throw OpenSSLError("ASN1_INTEGER_new") }
        defer { ASN1_INTEGER_free(number) }
        try check(ASN1_INTEGER_set(number, contents.number) == 1, "ASN1_INTEGER_set")
        try check(X509_CRL_add1_ext_i2d(crl, NID_crl_number, number, 0, 0) == 1, "X509_CRL_add1_ext_i2d(cRLNumber)")
        try check(X509_CRL_sign(crl, key.pointer, EVP_sha256()) > 0, "X509_CRL_sign")
        // OpenSSL works out a list's scope (issuingDistributionPoint, authorityKeyIdentifier)
        // only when it decodes one: hand back the signed DER decoded, as a client would see it.
        return try RevocationList(der: try list.der())
    }

    /// Runs `body` with an ASN1_TIME for `unixTime`, freed afterwards.
    private static func withTime(_ unixTime: Double,
                                 _ body: (UnsafeMutablePointer<ASN1_TIME>) throws(OpenSSLError) -> Void) throws(OpenSSLError) {
        guard let time = ASN1_TIME_set(nil, time_t(unixTime)) else { throw OpenSSLError("ASN1_TIME_set") }
        defer { ASN1_TIME_free(time) }
        try body(time)
    }

    /// Appends one revoked entry (the list takes it).
    private static func addRevoked(_ crl: OpaquePointer, serial: [UInt8], time: Double,
                                   reason: RevocationReason? = nil) throws(OpenSSLError) {
        try withTime(time) { asn1 throws(OpenSSLError) in try addRevoked(crl, serial: serial, time: asn1, reason: reason) }
    }

    private static func addRevoked(_ crl: OpaquePointer, serial: [UInt8], time: UnsafeMutablePointer<ASN1_TIME>,
                                   reason: RevocationReason? = nil) throws(OpenSSLError) {
        guard let revoked = X509_REVOKED_new() else { throw OpenSSLError("X509_REVOKED_new") }
        var owned = true
        defer { if owned { X509_REVOKED_free(revoked) } }
        guard let bn = serial.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) }) else {
            throw OpenSSLError("BN_bin2bn")
        }
        defer { BN_free(bn) }
        guard let integer = BN_to_ASN1_INTEGER(bn, nil) else { throw OpenSSLError("BN_to_ASN1_INTEGER") }
        defer { ASN1_INTEGER_free(integer) }
        try check(X509_REVOKED_set_serialNumber(revoked, integer) == 1, "X509_REVOKED_set_serialNumber")
        try check(X509_REVOKED_set_revocationDate(revoked, time) == 1, "X509_REVOKED_set_revocationDate")
        if let reason {
            guard let code = ASN1_ENUMERATED_new() else { throw OpenSSLError("ASN1_ENUMERATED_new") }
            defer { ASN1_ENUMERATED_free(code) }
            try check(ASN1_ENUMERATED_set(code, reason.rawValue) == 1, "ASN1_ENUMERATED_set")
            try check(X509_REVOKED_add1_ext_i2d(revoked, NID_crl_reason, code, 0, 0) == 1, "X509_REVOKED_add1_ext_i2d(reason)")
        }
        try check(X509_CRL_add0_revoked(crl, revoked) == 1, "X509_CRL_add0_revoked")
        owned = false
    }
}

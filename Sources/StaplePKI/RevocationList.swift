internal import COpenSSL
#if canImport(Glibc)
import Glibc
import StapleCore
#endif

/// An X.509 certificate revocation list (OpenSSL `X509_CRL`, RFC 5280 §5), with the fields
/// StapleBench reads. Made by ``CertificateAuthority/issueCRL(_:)``, or parsed from DER or PEM.
///
/// `@unchecked Sendable`: a list is never mutated after it is built or parsed; OpenSSL only
/// reads it when verifying (its lazily built lookup caches are locked inside OpenSSL).
public final class RevocationList: @unchecked Sendable {
    /// The owned `X509_CRL *`.
    package let pointer: OpaquePointer

    /// Takes ownership of an `X509_CRL *`.
    package init(taking pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_CRL_free(pointer) }

    /// Parses DER (exactly one CRL, no trailing bytes).
    public convenience init(der: [UInt8]) throws(OpenSSLError) {
        guard let crl = BIOBytes.decode(der, { d2i_X509_CRL(nil, $0, $1) }, free: { X509_CRL_free($0) }) else {
            throw OpenSSLError("d2i_X509_CRL")
        }
        self.init(taking: crl)
    }

    /// Parses one PEM CRL.
    public convenience init(pem: String) throws(OpenSSLError) {
        let crl = BIOBytes.reading(Array(pem.utf8)) { PEM_read_bio_X509_CRL($0, nil, nil, nil) }
        guard let crl = crl ?? nil else { throw OpenSSLError("PEM_read_bio_X509_CRL") }
        self.init(taking: crl)
    }

    /// The DER encoding.
    public func der() throws(OpenSSLError) -> [UInt8] {
        try BIOBytes.der({ i2d_X509_CRL(pointer, $0) }, operation: "i2d_X509_CRL")
    }

    /// The PEM encoding.
    public func pem() throws(OpenSSLError) -> String {
        let bytes = try BIOBytes.collect({ PEM_write_bio_X509_CRL($0, pointer) == 1 }, operation: "PEM_write_bio_X509_CRL")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// thisUpdate as a Unix time.
    public var thisUpdate: Double { Certificate.unixTime(X509_CRL_get0_lastUpdate(pointer)) ?? 0 }

    /// nextUpdate as a Unix time, if the list has one.
    public var nextUpdate: Double? { Certificate.unixTime(X509_CRL_get0_nextUpdate(pointer)) }

    /// The issuer as a one-line RFC 2253 string.
    public var issuer: String { Certificate.oneLine(X509_CRL_get_issuer(pointer)) }

    /// How many certificates the list revokes.
    public var count: Int {
        guard let revoked = X509_CRL_get_REVOKED(pointer) else { return 0 }
        return Int(OPENSSL_sk_num(revoked))
    }

    /// The cRLNumber extension, if present and small enough for an `Int`.
    public var number: Int? {
        guard let raw = X509_CRL_get_ext_d2i(pointer, NID_crl_number, nil, nil) else { return nil }
        let integer = raw.assumingMemoryBound(to: ASN1_INTEGER.self)
        defer { ASN1_INTEGER_free(integer) }
        let value = ASN1_INTEGER_get(integer)
        return value < 0 ? nil : Int(value)
    }

    /// The URI of the issuingDistributionPoint extension (a partitioned list's shard), if any.
    public var distributionPoint: String? {
        guard let raw = X509_CRL_get_ext_d2i(pointer, NID_issuing_distribution_point, nil, nil) else { return nil }
        let idp = raw.assumingMemoryBound(to: ISSUING_DIST_POINT.self)
        defer { ISSUING_DIST_POINT_free(idp) }
        guard let name = idp.pointee.distpoint, name.pointee.type == 0, let names = name.pointee.name.fullname else {
            return nil
        }
        return Certificate.uris(in: names).first
    }

    /// Whether the signature verifies with `issuer`'s public key.
    public func isSigned(by issuer: Certificate) -> Bool {
        defer { ERR_clear_error() }
        guard let key = X509_get0_pubkey(issuer.pointer) else { return false }
        return X509_CRL_verify(pointer, key) == 1
    }

    /// Whether the list names `certificate`'s serial, whoever issued it (a pushed set covers
    /// every CA's certificates under one signer; its serials are 127-bit random numbers).
    public func listsSerial(of certificate: Certificate) -> Bool {
        var found: OpaquePointer? = nil
        guard let serial = X509_get0_serialNumber(certificate.pointer) else { return false }
        return X509_CRL_get0_by_serial(pointer, &found, UnsafeMutablePointer(mutating: serial)) == 1
    }

    /// The entry for `certificate` (revocation time, reason), or nil when the list does not revoke it.
    public func entry(for certificate: Certificate) -> (time: Double, reason: RevocationReason?)? {
        var found: OpaquePointer? = nil
        guard X509_CRL_get0_by_cert(pointer, &found, certificate.pointer) == 1, let found else { return nil }
        let time = Certificate.unixTime(X509_REVOKED_get0_revocationDate(found)) ?? 0
        var reason: RevocationReason?
        if let raw = X509_REVOKED_get_ext_d2i(found, NID_crl_reason, nil, nil) {
            let enumerated = raw.assumingMemoryBound(to: ASN1_ENUMERATED.self)
            reason = RevocationReason(rawValue: Int(ASN1_ENUMERATED_get(enumerated)))
            ASN1_ENUMERATED_free(enumerated)
        }
        return (time, reason)
    }
}

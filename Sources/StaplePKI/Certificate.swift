internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// An X.509 certificate (OpenSSL `X509`), with the fields StapleBench reads.
///
/// `@unchecked Sendable`: a certificate is never mutated after it is built or parsed, and
/// OpenSSL's reference-counted `X509` may be read from several threads.
public final class Certificate: @unchecked Sendable, CustomStringConvertible {
    /// The owned `X509 *`.
    package let pointer: OpaquePointer

    /// Takes ownership of an `X509 *`.
    package init(taking pointer: OpaquePointer) { self.pointer = pointer }

    /// Adds a reference to a borrowed `X509 *` and owns that reference.
    package init(retaining pointer: OpaquePointer) {
        X509_up_ref(pointer)
        self.pointer = pointer
    }

    deinit { X509_free(pointer) }

    /// Parses DER.
    public convenience init(der: [UInt8]) throws(OpenSSLError) {
        guard let x509 = BIOBytes.decode(der, { d2i_X509(nil, $0, $1) }, free: { X509_free($0) }) else {
            throw OpenSSLError("d2i_X509")
        }
        self.init(taking: x509)
    }

    /// Parses one PEM certificate (the first in `pem`).
    public convenience init(pem: String) throws(OpenSSLError) {
        let x509 = BIOBytes.reading(Array(pem.utf8)) { PEM_read_bio_X509($0, nil, nil, nil) }
        guard let x509 = x509 ?? nil else { throw OpenSSLError("PEM_read_bio_X509") }
        self.init(taking: x509)
    }

    /// Parses every PEM certificate in `pem`, in order.
    public static func all(pem: String) throws(OpenSSLError) -> [Certificate] {
        var result: [Certificate] = []
        let bytes = Array(pem.utf8)
        _ = BIOBytes.reading(bytes) { bio -> Void in
            while let x509 = PEM_read_bio_X509(bio, nil, nil, nil) {
                result.append(Certificate(taking: x509))
            }
        }
        _ = OpenSSLError.drainQueue() // the end of the input leaves a "no start line" error
        guard !result.isEmpty else { throw OpenSSLError("PEM_read_bio_X509", reasons: ["no certificate in the PEM text"]) }
        return result
    }

    /// The DER encoding.
    public func der() throws(OpenSSLError) -> [UInt8] {
        try BIOBytes.der({ i2d_X509(pointer, $0) }, operation: "i2d_X509")
    }

    /// The PEM encoding.
    public func pem() throws(OpenSSLError) -> String {
        let bytes = try BIOBytes.collect({ PEM_write_bio_X509($0, pointer) == 1 }, operation: "PEM_write_bio_X509")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The serial number's magnitude, big-endian, without DER's sign padding (as OCSP CertIDs report it).
    public var serialBytes: [UInt8] {
        guard let serial = X509_get0_serialNumber(pointer) else { return [] }
        return CertIDInfo.bytes(serial)
    }

    /// The serial number as uppercase hexadecimal (as `openssl x509 -serial` prints it).
    public var serialHex: String { Hex.encode(serialBytes) }

    /// The subject's common name, if any.
    public var commonName: String? { Certificate.commonName(of: X509_get_subject_name(pointer)) }

    /// The issuer's common name, if any.
    public var issuerCommonName: String? { Certificate.commonName(of: X509_get_issuer_name(pointer)) }

    /// The subject as a one-line RFC 2253 string.
    public var subject: String { Certificate.oneLine(X509_get_subject_name(pointer)) }

    /// The issuer as a one-line RFC 2253 string.
    public var issuer: String { Certificate.oneLine(X509_get_issuer_name(pointer)) }

    /// The DNS names of the subjectAltName extension.
    public var dnsNames: [String] {
        guard let names = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else { return [] }
        let stack = OpaquePointer(names)
        defer { GENERAL_NAMES_free(stack) }
        var result: [String] = []
        for index in 0..<OPENSSL_sk_num(stack) {
            guard let raw = OPENSSL_sk_value(stack, index) else { continue }
            let name = raw.assumingMemoryBound(to: GENERAL_NAME.self)
            guard name.pointee.type == GEN_DNS, let ia5 = name.pointee.d.dNSName else { continue }
            result.append(Certificate.string(ia5))
        }
        return result
    }

    /// The OCSP responder URLs of the authorityInfoAccess extension, in order.
    public var ocspURLs: [String] {
        guard let stack = X509_get1_ocsp(pointer) else { return [] }
        defer { X509_email_free(stack) }
        return (0..<shim_sk_OPENSSL_STRING_num(stack)).compactMap { index in
            shim_sk_OPENSSL_STRING_value(stack, index).map { String(cString: $0) }
        }
    }

    /// Whether the certificate carries the TLS feature extension with status_request (RFC 7633 "must-staple").
    public var mustStaple: Bool {
        // The extension is a SEQUENCE OF INTEGER (TLS extension numbers); status_request is 5.
        guard let decoded = X509_get_ext_d2i(pointer, NID_tlsfeature, nil, nil) else { return false }
        let stack = OpaquePointer(decoded)
        defer { OPENSSL_sk_pop_free(stack) { ASN1_INTEGER_free($0?.assumingMemoryBound(to: ASN1_INTEGER.self)) } }
        return (0..<OPENSSL_sk_num(stack)).contains { index in
            guard let raw = OPENSSL_sk_value(stack, index) else { return false }
            return ASN1_INTEGER_get(raw.assumingMemoryBound(to: ASN1_INTEGER.self)) == 5
        }
    }

    /// Whether the certificate is a CA (basicConstraints cA = TRUE).
    public var isCA: Bool { X509_check_ca(pointer) != 0 }

    /// notBefore as a Unix time.
    public var notBefore: Double { Certificate.unixTime(X509_get0_notBefore(pointer)) ?? 0 }

    /// notAfter as a Unix time.
    public var notAfter: Double { Certificate.unixTime(X509_get0_notAfter(pointer)) ?? 0 }

    /// Whether `self` was issued by `issuer` (names match and the signature verifies).
    public func isIssued(by issuer: Certificate) -> Bool {
        guard X509_check_issued(issuer.pointer, pointer) == X509_V_OK else { return false }
        guard let key = X509_get0_pubkey(issuer.pointer) else { return false }
        return X509_verify(pointer, key) == 1
    }

    /// `CN=… (serial …)`.
    public var description: String { "\(subject) (serial \(serialHex))" }

    // MARK: - Helpers

    static func commonName(of name: OpaquePointer?) -> String? {
        guard let name else { return nil }
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
              let data = X509_NAME_ENTRY_get_data(entry) else { return nil }
        return string(data)
    }

    static func oneLine(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        let bytes = try? BIOBytes.collect({ X509_NAME_print_ex($0, name, 0, shim_XN_FLAG_RFC2253()) >= 0 },
                                          operation: "X509_NAME_print_ex")
        return String(decoding: bytes ?? [], as: UTF8.self)
    }

    static func string(_ asn1: UnsafePointer<ASN1_STRING>) -> String {
        let length = Int(ASN1_STRING_length(asn1))
        guard length > 0, let data = ASN1_STRING_get0_data(asn1) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: data, count: length), as: UTF8.self)
    }

    /// Converts an ASN1_TIME to Unix seconds.
    static func unixTime(_ time: UnsafePointer<ASN1_TIME>?) -> Double? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Double(timegm(&parts))
    }
}

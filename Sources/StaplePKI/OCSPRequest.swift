internal import COpenSSL

/// One certificate identifier inside an OCSP request or response (RFC 6960 CertID).
public struct CertIDInfo: Hashable, Sendable {
    /// The hash algorithm's short name (`SHA1`, `SHA256`).
    public var hashAlgorithm: String
    /// Hash of the issuer's distinguished name.
    public var issuerNameHash: [UInt8]
    /// Hash of the issuer's public key.
    public var issuerKeyHash: [UInt8]
    /// The certificate's serial number (content bytes).
    public var serial: [UInt8]

    /// The serial as uppercase hex.
    public var serialHex: String { Hex.encode(serial) }
}

/// An OCSP request (OpenSSL `OCSP_REQUEST`), as a client builds it or a responder parses it.
///
/// `@unchecked Sendable`: never mutated after construction.
public final class OCSPRequest: @unchecked Sendable {
    /// The owned `OCSP_REQUEST *`.
    package let pointer: OpaquePointer

    private init(taking pointer: OpaquePointer) { self.pointer = pointer }

    deinit { OCSP_REQUEST_free(pointer) }

    /// A request for `certificate` issued by `issuer`, with a CertID hashed with SHA-1 as
    /// RFC 5019 asks, and a random 16-byte nonce when `nonce` is true.
    public convenience init(certificate: Certificate, issuer: Certificate, nonce: Bool = false) throws(OpenSSLError) {
        guard let request = OCSP_REQUEST_new() else { throw OpenSSLError("OCSP_REQUEST_new") }
        self.init(taking: request)
        guard let id = OCSP_cert_to_id(EVP_sha1(), certificate.pointer, issuer.pointer) else {
            throw OpenSSLError("OCSP_cert_to_id")
        }
        guard OCSP_request_add0_id(request, id) != nil else {
            OCSP_CERTID_free(id)
            throw OpenSSLError("OCSP_request_add0_id")
        }
        if nonce {
            try check(OCSP_request_add1_nonce(request, nil, 16) == 1, "OCSP_request_add1_nonce")
        }
    }

    /// Parses a DER request; throws `OCSPRequest.ParseError` when the bytes are not one.
    public convenience init(der: [UInt8]) throws(OCSPRequest.ParseError) {
        guard let request = BIOBytes.decode(der, { d2i_OCSP_REQUEST(nil, $0, $1) }, free: { OCSP_REQUEST_free($0) }) else {
            _ = OpenSSLError.drainQueue()
            throw .notAnOCSPRequest(byteCount: der.count)
        }
        self.init(taking: request)
        guard OCSP_request_onereq_count(request) > 0 else { throw .noCertificateIDs }
    }

    /// Why bytes are not a usable OCSP request.
    public enum ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The bytes do not decode as an OCSPRequest.
        case notAnOCSPRequest(byteCount: Int)
        /// The request asks about nothing.
        case noCertificateIDs
        /// A GET path that does not end in a base64 request.
        case badGETPath(String)

        /// What was wrong.
        public var description: String {
            switch self {
            case .notAnOCSPRequest(let count): return "the \(count) bytes received are not a DER OCSPRequest"
            case .noCertificateIDs: return "the OCSP request lists no certificate"
            case .badGETPath(let path): return "the GET path '\(path.prefix(80))' does not end in a base64 OCSP request"
            }
        }
    }

    /// The request's DER (the body of a POST with `Content-Type: application/ocsp-request`).
    public func der() throws(OpenSSLError) -> [UInt8] {
        try BIOBytes.der({ i2d_OCSP_REQUEST(pointer, $0) }, operation: "i2d_OCSP_REQUEST")
    }

    /// The GET form of RFC 6960 Appendix A.1: `{url}/{url-encoding of base-64 encoding of the DER}`.
    public func getURL(base url: String) throws(OpenSSLError) -> String {
        let encoded = Base64.urlEscape(Base64.encode(try der()))
        return url.hasSuffix("/") ? url + encoded : url + "/" + encoded
    }

    /// Decodes the request from the path of a GET (its last segment, URL-encoded base64).
    public static func derFromGETPath(_ path: String) throws(OCSPRequest.ParseError) -> [UInt8] {
        // One pass over the path (``OCSPGETPath``): a path full of `/` costs no more than its length.
        guard let der = OCSPGETPath.der(from: path) else { throw .badGETPath(path) }
        return der
    }

    /// The certificates the request asks about.
    public var certIDs: [CertIDInfo] {
        (0..<OCSP_request_onereq_count(pointer)).compactMap { index in
            guard let one = OCSP_request_onereq_get0(pointer, index),
                  let id = OCSP_onereq_get0_id(one) else { return nil }
            return CertIDInfo(id)
        }
    }

    /// The nonce extension's value, if the request has one.
    public var nonce: [UInt8]? {
        let index = OCSP_REQUEST_get_ext_by_NID(pointer, NID_id_pkix_OCSP_Nonce, -1)
        guard index >= 0, let ext = OCSP_REQUEST_get_ext(pointer, index),
              let data = X509_EXTENSION_get_data(ext) else { return nil }
        let length = Int(ASN1_STRING_length(data))
        guard length > 0, let bytes = ASN1_STRING_get0_data(data) else { return nil }
        return Array(UnsafeBufferPointer(start: bytes, count: length))
    }
}

extension CertIDInfo {
    /// Reads a borrowed `OCSP_CERTID *`.
    init?(_ id: OpaquePointer) {
        var nameHash: UnsafeMutablePointer<ASN1_OCTET_STRING>? = nil
        var keyHash: UnsafeMutablePointer<ASN1_OCTET_STRING>? = nil
        var md: OpaquePointer? = nil
        var serial: UnsafeMutablePointer<ASN1_INTEGER>? = nil
        guard OCSP_id_get0_info(&nameHash, &md, &keyHash, &serial, id) == 1,
              let nameHash, let keyHash, let serial else { return nil }
        let algorithm = md.map { String(cString: OBJ_nid2sn(OBJ_obj2nid($0))) } ?? "?"
        self.init(hashAlgorithm: algorithm,
                  issuerNameHash: CertIDInfo.bytes(nameHash),
                  issuerKeyHash: CertIDInfo.bytes(keyHash),
                  serial: CertIDInfo.bytes(serial))
    }

    static func bytes(_ string: UnsafePointer<ASN1_STRING>) -> [UInt8] {
        let length = Int(ASN1_STRING_length(string))
        guard length > 0, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }
}

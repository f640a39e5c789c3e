/// Reads the certificate serial numbers out of OCSP requests and responses (RFC 6960), as an
/// on-path observer can when they travel over plain HTTP or in a TLS 1.2 CertificateStatus.
///
/// ```
/// OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
/// TBSRequest  ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1,
///                            requestorName [1] EXPLICIT GeneralName OPTIONAL,
///                            requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
/// Request     ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
/// CertID      ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING,
///                            issuerKeyHash OCTET STRING, serialNumber CertificateSerialNumber }
/// OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
/// ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER, response OCTET STRING }
/// BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm, signature, certs [0] OPTIONAL }
/// ResponseData ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, responderID ResponderID,
///                             producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse, … }
/// SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate, … }
/// ```
enum OCSPSerialReader {
    /// `id-pkix-ocsp-basic` (1.3.6.1.5.5.7.48.1.1), content bytes.
    static let basicResponseOID: [UInt8] = [0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01]

    /// The serials (INTEGER content bytes) of every CertID in a DER `OCSPRequest`.
    static func requestSerials(_ der: ArraySlice<UInt8>) throws(DERError) -> [ArraySlice<UInt8>] {
        var outer = DERReader(der)
        let request = try outer.read(tag: DERElement.sequence)
        guard outer.isAtEnd else { throw .unexpectedContent("bytes after the OCSPRequest") }
        var fields = request.children
        var tbs = try fields.read(tag: DERElement.sequence).children
        _ = try tbs.readIfPresent(tag: DERElement.explicit(0))
        _ = try tbs.readIfPresent(tag: DERElement.explicit(1))
        var list = try tbs.read(tag: DERElement.sequence).children
        var serials: [ArraySlice<UInt8>] = []
        while !list.isAtEnd {
            var single = try list.read(tag: DERElement.sequence).children
            serials.append(try serial(ofCertID: single.read(tag: DERElement.sequence)))
        }
        guard !serials.isEmpty else { throw .unexpectedContent("an OCSPRequest without a Request") }
        return serials
    }

    /// The serials of every SingleResponse in a DER `OCSPResponse` (none for an unsuccessful status).
    static func responseSerials(_ der: ArraySlice<UInt8>) throws(DERError) -> [ArraySlice<UInt8>] {
        var outer = DERReader(der)
        let response = try outer.read(tag: DERElement.sequence)
        guard outer.isAtEnd else { throw .unexpectedContent("bytes after the OCSPResponse") }
        var fields = response.children
        let status = try fields.read(tag: DERElement.enumerated)
        guard status.content.count == 1 else { throw .unexpectedContent("an OCSPResponseStatus of \(status.content.count) bytes") }
        guard let wrapped = try fields.readIfPresent(tag: DERElement.explicit(0)) else { return [] }
        var responseBytes = try wrapped.firstChild(tag: DERElement.sequence).children
        let type = try responseBytes.read(tag: DERElement.objectIdentifier)
        guard Array(type.content) == basicResponseOID else { throw .unexpectedContent("a response type other than id-pkix-ocsp-basic") }
        var basic = DERReader(try responseBytes.read(tag: DERElement.octetString).content)
        var basicFields = try basic.read(tag: DERElement.sequence).children
        var data = try basicFields.read(tag: DERElement.sequence).children
        _ = try data.readIfPresent(tag: DERElement.explicit(0))
        let responderID = try data.read()
        guard responderID.tag == DERElement.explicit(1) || responderID.tag == DERElement.explicit(2) else {
            throw .unexpectedContent("a ResponderID tagged \(responderID.tag)")
        }
        _ = try data.read(tag: DERElement.generalizedTime)
        var responses = try data.read(tag: DERElement.sequence).children
        var serials: [ArraySlice<UInt8>] = []
        while !responses.isAtEnd {
            var single = try responses.read(tag: DERElement.sequence).children
            serials.append(try serial(ofCertID: single.read(tag: DERElement.sequence)))
        }
        return serials
    }

    private static func serial(ofCertID certID: DERElement) throws(DERError) -> ArraySlice<UInt8> {
        var fields = certID.children
        _ = try fields.read(tag: DERElement.sequence)
        _ = try fields.read(tag: DERElement.octetString)
        _ = try fields.read(tag: DERElement.octetString)
        let serial = try fields.read(tag: DERElement.integer)
        guard !serial.content.isEmpty else { throw .unexpectedContent("an empty serial number") }
        return serial.content
    }
}

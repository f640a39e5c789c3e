/// Reads the DNS names of a certificate's subjectAltName (RFC 5280), as an on-path observer
/// can from a TLS 1.2 Certificate message.
///
/// ```
/// Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm, signatureValue }
/// TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature, issuer,
///                               validity, subject, subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
///                               subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT Extensions OPTIONAL }
/// Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
/// GeneralNames ::= SEQUENCE OF GeneralName   -- dNSName [2] IMPLICIT IA5String
/// ```
enum CertificateNameReader {
    /// `id-ce-subjectAltName` (2.5.29.17), content bytes.
    static let subjectAltNameOID: [UInt8] = [0x55, 0x1D, 0x11]

    /// The dNSName entries of the certificate's subjectAltName, in order (empty without one).
    static func dnsNames(_ der: ArraySlice<UInt8>) throws(DERError) -> [String] {
        var outer = DERReader(der)
        var certificate = try outer.read(tag: DERElement.sequence).children
        var tbs = try certificate.read(tag: DERElement.sequence).children
        _ = try tbs.readIfPresent(tag: DERElement.explicit(0))
        _ = try tbs.read(tag: DERElement.integer)
        for _ in 0..<5 { _ = try tbs.read(tag: DERElement.sequence) }   // signature … subjectPublicKeyInfo
        _ = try tbs.readIfPresent(tag: 0x81)
        _ = try tbs.readIfPresent(tag: 0x82)
        guard let wrapped = try tbs.readIfPresent(tag: DERElement.explicit(3)) else { return [] }
        var extensions = try wrapped.firstChild(tag: DERElement.sequence).children
        while !extensions.isAtEnd {
            var fields = try extensions.read(tag: DERElement.sequence).children
            let oid = try fields.read(tag: DERElement.objectIdentifier)
            _ = try fields.readIfPresent(tag: DERElement.boolean)
            let value = try fields.read(tag: DERElement.octetString)
            guard Array(oid.content) == subjectAltNameOID else { continue }
            var inner = DERReader(value.content)
            var names = try inner.read(tag: DERElement.sequence).children
            var result: [String] = []
            while !names.isAtEnd {
                let name = try names.read()
                guard name.tag == 0x82, let text = TapText.printable(name.content) else { continue }
                result.append(text.lowercased())
            }
            return result
        }
        return []
    }
}

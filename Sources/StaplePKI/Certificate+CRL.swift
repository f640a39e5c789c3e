internal import COpenSSL

extension Certificate {
    /// The full-name URIs of the cRLDistributionPoints extension, in order: where a client
    /// downloads the CRL that covers this certificate.
    public var crlURLs: [String] {
        guard let raw = X509_get_ext_d2i(pointer, NID_crl_distribution_points, nil, nil) else { return [] }
        let points = OpaquePointer(raw)
        defer { CRL_DIST_POINTS_free(points) }
        var result: [String] = []
        for index in 0..<OPENSSL_sk_num(points) {
            guard let value = OPENSSL_sk_value(points, index) else { continue }
            let point = value.assumingMemoryBound(to: DIST_POINT.self)
            guard let name = point.pointee.distpoint, name.pointee.type == 0,
                  let names = name.pointee.name.fullname else { continue }
            result += Certificate.uris(in: names)
        }
        return result
    }

    /// The URIs among a `GENERAL_NAMES` stack, in order.
    static func uris(in names: OpaquePointer) -> [String] {
        (0..<OPENSSL_sk_num(names)).compactMap { index in
            guard let raw = OPENSSL_sk_value(names, index) else { return nil }
            let name = raw.assumingMemoryBound(to: GENERAL_NAME.self)
            guard name.pointee.type == GEN_URI, let uri = name.pointee.d.uniformResourceIdentifier else { return nil }
            return Certificate.string(uri)
        }
    }

    /// Whether `crl` names this certificate's issuer as its own.
    func isIssued(byName crl: RevocationList) -> Bool {
        X509_NAME_cmp(X509_get_issuer_name(pointer), X509_CRL_get_issuer(crl.pointer)) == 0
    }
}

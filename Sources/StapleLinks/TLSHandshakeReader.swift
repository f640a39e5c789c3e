/// Reads the fields of TLS handshake messages (RFC 5246, RFC 8446) that travel in clear:
/// the SNI of a ClientHello, the version a ServerHello selects (and whether it is a retry), the leaf of a TLS 1.2
/// Certificate and the OCSP response of a TLS 1.2 CertificateStatus (RFC 6066 §8).
enum TLSHandshakeReader {

    /// The host_name of the server_name extension of a ClientHello body, lowercased.
    static func serverName(clientHello body: ArraySlice<UInt8>) -> String? {
        var cursor = ByteCursor(body)
        guard cursor.u16() != nil, cursor.bytes(32) != nil,
              cursor.prefixed(1) != nil,   // legacy_session_id
              cursor.prefixed(2) != nil,   // cipher_suites
              cursor.prefixed(1) != nil,   // legacy_compression_methods
              let extensions = cursor.prefixed(2) else { return nil }
        var list = ByteCursor(extensions)
        while list.remaining >= 4 {
            guard let type = list.u16(), let data = list.prefixed(2) else { return nil }
            guard type == 0 else { continue }
            var names = ByteCursor(data)
            guard let entries = names.prefixed(2) else { return nil }
            var entryCursor = ByteCursor(entries)
            while entryCursor.remaining >= 3 {
                guard let nameType = entryCursor.u8(), let name = entryCursor.prefixed(2) else { return nil }
                if nameType == 0, let text = TapText.printable(name) { return text.lowercased() }
            }
            return nil
        }
        return nil
    }

    /// The version a ServerHello body selects (supported_versions if present, else the legacy
    /// field) and whether it is a HelloRetryRequest (its random is the RFC 8446 §4.1.3 constant).
    static func selectedVersion(serverHello body: ArraySlice<UInt8>) -> (version: UInt16, retry: Bool)? {
        var cursor = ByteCursor(body)
        guard let legacy = cursor.u16(), let random = cursor.bytes(32) else { return nil }
        let retry = random.elementsEqual(TLSTapReader.helloRetryRandom)
        guard cursor.prefixed(1) != nil, cursor.u16() != nil, cursor.u8() != nil else { return nil }
        guard let extensions = cursor.prefixed(2) else { return (UInt16(legacy), retry) }
        var list = ByteCursor(extensions)
        while list.remaining >= 4 {
            guard let type = list.u16(), let data = list.prefixed(2) else { break }
            if type == 43 {
                var version = ByteCursor(data)
                if let selected = version.u16() { return (UInt16(selected), retry) }
            }
        }
        return (UInt16(legacy), retry)
    }

    /// The first (leaf) certificate's DER in a TLS 1.2 Certificate body.
    static func leafCertificate(certificate body: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var cursor = ByteCursor(body)
        guard let list = cursor.prefixed(3) else { return nil }
        var entries = ByteCursor(list)
        return entries.prefixed(3)
    }

    /// The OCSPResponse DER in a CertificateStatus body (status_type 1, `ocsp`).
    static func stapledResponse(certificateStatus body: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var cursor = ByteCursor(body)
        guard cursor.u8() == 1 else { return nil }
        return cursor.prefixed(3)
    }
}

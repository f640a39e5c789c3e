/// Reads the fields of TLS handshake messages (RFC 5246, RFC 8446) that travel in clear:
/// the SNI of a ClientHello, the version a ServerHello selects, the leaf of a TLS 1.2
/// Certificate and the OCSP response of a TLS 1.2 CertificateStatus (RFC 6066 §8).
enum TLSHandshakeReader {
    /// Handshake message types this reader knows.
    enum MessageType: UInt8 {
        case clientHello = 1
        case serverHello = 2
        case certificate = 11
        case serverHelloDone = 14
        case certificateStatus = 22
    }

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

    /// Whether a ServerHello body selects TLS 1.3 (supported_versions = 0x0304); after it,
    /// everything but the ServerHello itself is encrypted.
    static func selectsTLS13(serverHello body: ArraySlice<UInt8>) -> Bool {
        var cursor = ByteCursor(body)
        guard cursor.u16() != nil, cursor.bytes(32) != nil, cursor.prefixed(1) != nil,
              cursor.u16() != nil, cursor.u8() != nil, let extensions = cursor.prefixed(2) else { return false }
        var list = ByteCursor(extensions)
        while list.remaining >= 4 {
            guard let type = list.u16(), let data = list.prefixed(2) else { return false }
            if type == 43 {
                var version = ByteCursor(data)
                return version.u16() == 0x0304
            }
        }
        return false
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

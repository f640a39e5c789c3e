/// Hand-made TLS records and handshake messages for the tap's parser tests.
enum TLSBytes {
    static func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func u24(_ value: Int) -> [UInt8] { [UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    /// A TLS record of `type` (22 handshake, 20 change cipher spec, 23 application data).
    static func record(_ type: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [type, 3, 3] + u16(payload.count) + payload
    }

    /// A handshake message.
    static func handshake(_ type: UInt8, _ body: [UInt8]) -> [UInt8] { [type] + u24(body.count) + body }

    /// A ClientHello body with a server_name extension for `sni` (and nothing else of note).
    static func clientHello(sni: String?) -> [UInt8] {
        var extensions: [UInt8] = []
        if let sni {
            let name = Array(sni.utf8)
            let entry = [UInt8(0)] + u16(name.count) + name
            let data = u16(entry.count) + entry
            extensions += u16(0) + u16(data.count) + data
        }
        extensions += u16(43) + u16(3) + [2, 3, 4]          // supported_versions: TLS 1.3
        var body: [UInt8] = u16(0x0303) + Array(repeating: 0x11, count: 32)
        body += [0]                                          // session id
        body += u16(2) + [0x13, 0x01]                        // one cipher suite
        body += [1, 0]                                       // null compression
        body += u16(extensions.count) + extensions
        return handshake(1, body)
    }

    /// A ServerHello body; with `tls13` it carries supported_versions = 0x0304.
    static func serverHello(tls13: Bool) -> [UInt8] {
        var body: [UInt8] = u16(0x0303) + Array(repeating: 0x22, count: 32) + [0] + [0xC0, 0x2B] + [0]
        let extensions: [UInt8] = tls13 ? u16(43) + u16(2) + [3, 4] : u16(0xFF01) + u16(1) + [0]
        body += u16(extensions.count) + extensions
        return handshake(2, body)
    }

    /// A CertificateStatus message carrying `response` (an OCSPResponse DER).
    static func certificateStatus(_ response: [UInt8]) -> [UInt8] {
        handshake(22, [1] + u24(response.count) + response)
    }

    /// A TLS 1.2 Certificate message with one certificate.
    static func certificate(_ der: [UInt8]) -> [UInt8] {
        let entry = u24(der.count) + der
        return handshake(11, u24(entry.count) + entry)
    }
}

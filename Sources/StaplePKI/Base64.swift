internal import COpenSSL

/// Base64 (RFC 4648, with padding, no line breaks) through OpenSSL's EVP block coder,
/// and the URL encoding RFC 6960 Appendix A asks for in OCSP GET paths.
public enum Base64 {
    /// Encodes bytes.
    public static func encode(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "" }
        var out = [UInt8](repeating: 0, count: 4 * ((bytes.count + 2) / 3) + 1)
        let length = EVP_EncodeBlock(&out, bytes, Int32(bytes.count))
        return String(decoding: out[0..<Int(length)], as: UTF8.self)
    }

    /// Decodes padded base64 (whitespace not allowed); nil when the text is not base64.
    public static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard !input.isEmpty, input.count % 4 == 0 else { return input.isEmpty ? [] : nil }
        var out = [UInt8](repeating: 0, count: input.count / 4 * 3)
        let length = EVP_DecodeBlock(&out, input, Int32(input.count))
        guard length >= 0 else { return nil }
        // EVP_DecodeBlock counts padding bytes as zeros: drop them.
        let padding = input.reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
        return Array(out[0..<(Int(length) - padding)])
    }

    /// Percent-encodes a base64 string for a URL path segment (`+`, `/`, `=` escaped).
    public static func urlEscape(_ base64: String) -> String {
        var out = ""
        out.reserveCapacity(base64.utf8.count + 16)
        for char in base64 {
            switch char {
            case "+": out += "%2B"
            case "/": out += "%2F"
            case "=": out += "%3D"
            default: out.append(char)
            }
        }
        return out
    }

    /// Undoes percent-encoding (any `%XX`); nil on a broken escape.
    public static func urlUnescape(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = Hex.decode(String(decoding: [high, low], as: UTF8.self))?.first else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

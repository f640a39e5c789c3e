/// Dotted-quad IPv4 text ↔ 4 bytes.
enum IPv4Text {
    /// The 4 bytes of `text` (`127.0.2.10`), or `nil` if it is not four numbers 0-255.
    static func parse(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// `127.0.2.10` for 4 bytes.
    static func format(_ bytes: [UInt8]) -> String {
        bytes.map(String.init).joined(separator: ".")
    }
}

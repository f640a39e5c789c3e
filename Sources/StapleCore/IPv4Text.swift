/// Dotted-quad IPv4 text ↔ 4 bytes: the one check of "is this an IPv4 address" for scenario
/// files, `serve` flags, URLs, DNS records and the external servers' configs.
public enum IPv4Text {
    /// The 4 bytes of `text` (`127.0.2.10`), or `nil` if it is not four numbers 0-255.
    public static func parse(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ ("0"..."9").contains($0) }), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// `127.0.2.10` for 4 bytes.
    public static func format(_ bytes: [UInt8]) -> String {
        bytes.map(String.init).joined(separator: ".")
    }

    /// Whether `text` is an IPv4 address in 127.0.0.0/8 (this machine's loopback).
    public static func isLoopback(_ text: String) -> Bool { parse(text)?.first == 127 }
}

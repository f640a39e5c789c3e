/// Encoding and decoding of DNS names (RFC 1035 §3.1, §4.1.4 compression).
enum DNSName {
    /// Pointer hops allowed while decoding one name.
    static let maxHops = 64

    /// The wire form of `name` (no compression), lowercased labels kept as written.
    static func encode(_ name: String, into bytes: inout [UInt8]) throws(DNSMessageError) {
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        if trimmed.isEmpty {
            bytes.append(0)
            return
        }
        guard trimmed.utf8.count <= 253 else { throw .nameTooLong(name) }
        for label in trimmed.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .invalidName(name) }
            guard label.utf8.count <= 63 else { throw .nameTooLong(name) }
            bytes.append(UInt8(label.utf8.count))
            bytes.append(contentsOf: label.utf8)
        }
        bytes.append(0)
    }

    /// Decodes the name at `offset` of `message`, following compression pointers; returns the
    /// name (no trailing dot, `""` for the root) and the offset after the name in place.
    static func decode(_ message: [UInt8], at offset: Int) throws(DNSMessageError) -> (name: String, next: Int) {
        var labels: [String] = []
        var position = offset
        var next: Int?
        var hops = 0
        var length = 0
        while true {
            guard position < message.count else { throw .truncated(field: "name", offset: position) }
            let byte = message[position]
            switch byte & 0xC0 {
            case 0xC0:
                guard position + 1 < message.count else { throw .truncated(field: "name pointer", offset: position) }
                let target = Int(byte & 0x3F) << 8 | Int(message[position + 1])
                hops += 1
                guard target < position, hops <= maxHops else { throw .badPointer(offset: position) }
                if next == nil { next = position + 2 }
                position = target
            case 0x00:
                if byte == 0 {
                    return (labels.joined(separator: "."), next ?? position + 1)
                }
                let count = Int(byte)
                guard position + 1 + count <= message.count else { throw .truncated(field: "label", offset: position) }
                let label = message[(position + 1)...(position + count)]
                guard let text = TapText.printable(label), !text.contains(".") else {
                    throw .invalidName(labels.joined(separator: "."))
                }
                length += count + 1
                guard length <= 255 else { throw .nameTooLong(labels.joined(separator: ".")) }
                labels.append(text)
                position += 1 + count
            default:
                throw .invalidName(labels.joined(separator: "."))   // 0x40 / 0x80: extended label types
            }
        }
    }
}

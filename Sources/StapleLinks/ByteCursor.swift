/// A bounds-checked reader of big-endian integers and length-prefixed fields, for TLS
/// handshake messages. Every read returns `nil` past the end instead of trapping.
struct ByteCursor {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    /// A cursor at the start of `bytes`.
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.endIndex - position }

    /// One byte.
    mutating func u8() -> UInt8? {
        guard remaining >= 1 else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// A 16-bit integer.
    mutating func u16() -> Int? {
        guard remaining >= 2 else { return nil }
        defer { position += 2 }
        return Int(bytes[position]) << 8 | Int(bytes[position + 1])
    }

    /// A 24-bit integer.
    mutating func u24() -> Int? {
        guard remaining >= 3 else { return nil }
        defer { position += 3 }
        return Int(bytes[position]) << 16 | Int(bytes[position + 1]) << 8 | Int(bytes[position + 2])
    }

    /// The next `count` bytes.
    mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, remaining >= count else { return nil }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    /// A field prefixed by its length in `lengthBytes` bytes (1, 2 or 3).
    mutating func prefixed(_ lengthBytes: Int) -> ArraySlice<UInt8>? {
        let length: Int?
        switch lengthBytes {
        case 1: length = u8().map(Int.init)
        case 2: length = u16()
        default: length = u24()
        }
        guard let length else { return nil }
        return bytes(length)
    }
}

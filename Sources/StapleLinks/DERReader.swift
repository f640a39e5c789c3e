/// A small, strict DER reader: enough to walk OCSP requests, OCSP responses and certificates
/// for the fields a passive observer can read (serial numbers, DNS names).
///
/// It never traps on bad input: every read is bounds-checked and throws a `DERError`.
struct DERReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    /// A reader over `bytes` (a slice keeps the indices of its base).
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    /// A reader over a whole array.
    init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    /// Whether every element has been read.
    var isAtEnd: Bool { position >= bytes.endIndex }

    /// The identifier octet of the next element, if any.
    var nextTag: UInt8? { isAtEnd ? nil : bytes[position] }

    /// Reads the next element.
    mutating func read() throws(DERError) -> DERElement {
        let start = position
        guard position < bytes.endIndex else { throw .truncated(at: start) }
        let tag = bytes[position]
        if tag & 0x1F == 0x1F { throw .highTagNumber(at: start) }
        position += 1
        guard position < bytes.endIndex else { throw .truncated(at: start) }
        let first = bytes[position]
        position += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else if first == 0x80 {
            throw .indefiniteLength(at: start)
        } else {
            let count = Int(first & 0x7F)
            guard count <= 4 else { throw .lengthTooLong(at: start) }
            guard bytes.endIndex - position >= count else { throw .truncated(at: start) }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[position])
                position += 1
            }
        }
        guard bytes.endIndex - position >= length else { throw .truncated(at: start) }
        let content = bytes[position..<(position + length)]
        position += length
        return DERElement(tag: tag, content: content)
    }

    /// Reads the next element, which must have `tag`.
    mutating func read(tag: UInt8) throws(DERError) -> DERElement {
        let at = position
        let element = try read()
        guard element.tag == tag else { throw .unexpectedTag(expected: tag, found: element.tag, at: at) }
        return element
    }

    /// Reads the next element if it has `tag`; otherwise reads nothing.
    mutating func readIfPresent(tag: UInt8) throws(DERError) -> DERElement? {
        guard nextTag == tag else { return nil }
        return try read()
    }

    /// The total size (header + content) of the element at the start of `prefix`, once its
    /// header is complete; `nil` while the header is incomplete or invalid.
    static func elementSize(atStartOf prefix: some Collection<UInt8>) -> Int? {
        var iterator = prefix.makeIterator()
        guard iterator.next() != nil, let first = iterator.next() else { return nil }
        if first < 0x80 { return 2 + Int(first) }
        let count = Int(first & 0x7F)
        guard first != 0x80, count <= 4 else { return nil }
        var length = 0
        for _ in 0..<count {
            guard let byte = iterator.next() else { return nil }
            length = length << 8 | Int(byte)
        }
        return 2 + count + length
    }
}

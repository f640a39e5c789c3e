/// Why bytes are not the DER the tap expected. Offsets count from the start of the outermost input.
enum DERError: Error, Hashable, Sendable {
    /// The input ends inside a tag, length or value.
    case truncated(at: Int)
    /// An element has another tag than the structure requires.
    case unexpectedTag(expected: UInt8, found: UInt8, at: Int)
    /// Indefinite lengths (BER) are not DER.
    case indefiniteLength(at: Int)
    /// A length field longer than 4 bytes (no element here is that large).
    case lengthTooLong(at: Int)
    /// A tag number above 30 (multi-byte tags do not occur in what the tap reads).
    case highTagNumber(at: Int)
    /// Structurally valid DER that is not what was expected (detail says what).
    case unexpectedContent(String)
}

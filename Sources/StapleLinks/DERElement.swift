/// One DER element: its identifier octet and its content bytes.
struct DERElement: Hashable, Sendable {
    /// The identifier octet (class, constructed bit, tag number), e.g. `0x30` for SEQUENCE.
    let tag: UInt8
    /// The content bytes (indices are those of the outermost input).
    let content: ArraySlice<UInt8>

    /// Whether the element holds other elements.
    var isConstructed: Bool { tag & 0x20 != 0 }

    /// A reader over the elements inside this one.
    var children: DERReader { DERReader(content) }

    /// The first element inside this one, which must have `tag` (for EXPLICIT wrappers).
    func firstChild(tag: UInt8) throws(DERError) -> DERElement {
        var reader = children
        return try reader.read(tag: tag)
    }
}

extension DERElement {
    /// SEQUENCE.
    static let sequence: UInt8 = 0x30
    /// INTEGER.
    static let integer: UInt8 = 0x02
    /// OCTET STRING.
    static let octetString: UInt8 = 0x04
    /// OBJECT IDENTIFIER.
    static let objectIdentifier: UInt8 = 0x06
    /// ENUMERATED.
    static let enumerated: UInt8 = 0x0A
    /// BOOLEAN.
    static let boolean: UInt8 = 0x01
    /// GeneralizedTime.
    static let generalizedTime: UInt8 = 0x18

    /// A constructed context-specific tag `[number]` (EXPLICIT tagging), e.g. `0xA0` for `[0]`.
    static func explicit(_ number: UInt8) -> UInt8 { 0xA0 | number }
}

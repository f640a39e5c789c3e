/// Why bytes are not a DNS message this codec can read, or a message cannot be encoded.
public enum DNSMessageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The message ends inside a field (`field` names which, `offset` where).
    case truncated(field: String, offset: Int)
    /// A compression pointer points forward or loops.
    case badPointer(offset: Int)
    /// A label is longer than 63 bytes or a name longer than 255.
    case nameTooLong(String)
    /// A name has an empty label (`a..b`) or a character outside printable ASCII.
    case invalidName(String)
    /// An A record whose data is not 4 bytes, or an address that is not dotted IPv4.
    case invalidAddress(String)
    /// Bytes left after the last record.
    case trailingBytes(count: Int)
    /// A record's data is longer than the 65535 bytes its length field can say.
    case dataTooLong(count: Int)

    /// What was wrong and where.
    public var description: String {
        switch self {
        case .truncated(let field, let offset):
            return "DNS message ends inside the \(field) at byte \(offset)"
        case .badPointer(let offset):
            return "DNS name at byte \(offset) has a compression pointer that does not point backwards"
        case .nameTooLong(let name):
            return "DNS name '\(name)' is too long (labels at most 63 bytes, names at most 255)"
        case .invalidName(let name):
            return "'\(name)' is not a DNS name (empty label or a non-printable character)"
        case .invalidAddress(let text):
            return "'\(text)' is not an IPv4 address; write four numbers 0-255 separated by dots"
        case .trailingBytes(let count):
            return "DNS message has \(count) bytes after its last record"
        case .dataTooLong(let count):
            return "a DNS record's data has \(count) bytes; at most 65535 fit"
        }
    }
}

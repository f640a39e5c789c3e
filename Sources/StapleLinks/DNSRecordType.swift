/// A DNS TYPE or QTYPE (RFC 1035 §3.2.2).
public struct DNSRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit value.
    public var rawValue: UInt16
    /// Wraps a value.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// An IPv4 address.
    public static let a = DNSRecordType(rawValue: 1)
    /// A canonical name.
    public static let cname = DNSRecordType(rawValue: 5)
    /// An IPv6 address.
    public static let aaaa = DNSRecordType(rawValue: 28)
    /// The EDNS(0) pseudo-record.
    public static let opt = DNSRecordType(rawValue: 41)

    /// `A`, `AAAA`, … or `TYPE65`.
    public var description: String {
        switch rawValue {
        case 1: return "A"
        case 5: return "CNAME"
        case 28: return "AAAA"
        case 41: return "OPT"
        default: return "TYPE\(rawValue)"
        }
    }
}

import StapleCore

/// One resource record (answer, authority or additional section).
public struct DNSRecord: Hashable, Sendable {
    /// The owner name, without a trailing dot.
    public var name: String
    /// The record's type.
    public var type: DNSRecordType
    /// The class (1 = IN; for OPT, the UDP payload size).
    public var recordClass: UInt16
    /// Seconds the answer may be cached (for OPT, extended flags).
    public var ttl: UInt32
    /// The RDATA bytes as they were on the wire.
    public var data: [UInt8]

    /// Makes a record from its parts.
    public init(name: String, type: DNSRecordType, recordClass: UInt16 = 1, ttl: UInt32, data: [UInt8]) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }

    /// An A record: `name` has IPv4 address `address` (dotted text).
    public static func a(name: String, address: String, ttl: UInt32 = 60) throws(DNSMessageError) -> DNSRecord {
        guard let bytes = IPv4Text.parse(address) else { throw .invalidAddress(address) }
        return DNSRecord(name: name, type: .a, ttl: ttl, data: bytes)
    }

    /// The address of an A record as dotted text; `nil` for other records.
    public var ipv4: String? {
        guard type == .a, data.count == 4 else { return nil }
        return IPv4Text.format(data)
    }
}

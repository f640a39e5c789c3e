/// One entry of a DNS message's question section.
public struct DNSQuestion: Hashable, Sendable {
    /// The name asked for, without a trailing dot (`example.com`).
    public var name: String
    /// What is asked for (`.a`).
    public var type: DNSRecordType
    /// The class; 1 is IN (the Internet).
    public var recordClass: UInt16

    /// A question for `name`.
    public init(name: String, type: DNSRecordType = .a, recordClass: UInt16 = 1) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }
}

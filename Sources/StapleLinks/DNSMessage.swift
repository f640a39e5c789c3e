/// A DNS message (RFC 1035 §4): header, questions and resource records.
///
/// Parsing follows name compression; encoding writes names uncompressed. The sections
/// after the question are kept as `DNSRecord`s with their raw RDATA, so an EDNS OPT record
/// or an AAAA answer round-trips even though only A records are interpreted.
public struct DNSMessage: Hashable, Sendable {
    /// The ID that pairs a response with its query.
    public var id: UInt16
    /// QR: whether this is a response.
    public var isResponse: Bool
    /// OPCODE (0 = standard query).
    public var opcode: UInt8
    /// AA: the answer comes from an authority for the name.
    public var isAuthoritative: Bool
    /// TC: the message was truncated.
    public var isTruncated: Bool
    /// RD: the client asks for recursion.
    public var recursionDesired: Bool
    /// RA: the server offers recursion.
    public var recursionAvailable: Bool
    /// RCODE.
    public var responseCode: DNSResponseCode
    /// The question section.
    public var questions: [DNSQuestion]
    /// The answer section.
    public var answers: [DNSRecord]
    /// The authority section.
    public var authorities: [DNSRecord]
    /// The additional section.
    public var additionals: [DNSRecord]

    /// Makes a message from its parts.
    public init(id: UInt16, isResponse: Bool = false, opcode: UInt8 = 0, isAuthoritative: Bool = false,
                isTruncated: Bool = false, recursionDesired: Bool = true, recursionAvailable: Bool = false,
                responseCode: DNSResponseCode = .noError, questions: [DNSQuestion] = [],
                answers: [DNSRecord] = [], authorities: [DNSRecord] = [], additionals: [DNSRecord] = []) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.isAuthoritative = isAuthoritative
        self.isTruncated = isTruncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.responseCode = responseCode
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    /// A standard query for the A record of `name`, recursion desired.
    public static func query(id: UInt16, name: String, type: DNSRecordType = .a) -> DNSMessage {
        DNSMessage(id: id, questions: [DNSQuestion(name: name, type: type)])
    }

    /// The response to this query: same ID and question, authoritative, with `answers` and `code`.
    public func response(answers: [DNSRecord] = [], code: DNSResponseCode = .noError) -> DNSMessage {
        DNSMessage(id: id, isResponse: true, opcode: opcode, isAuthoritative: true,
                   recursionDesired: recursionDesired, recursionAvailable: false, responseCode: code,
                   questions: questions, answers: answers)
    }

    /// The A-record addresses of the answer section, in order.
    public var ipv4Answers: [String] { answers.compactMap(\.ipv4) }

    // MARK: - Wire format

    /// Parses a message from its wire form.
    public init(parsing bytes: some Collection<UInt8>) throws(DNSMessageError) {
        let message = Array(bytes)
        guard message.count >= 12 else { throw .truncated(field: "header", offset: message.count) }
        func u16(_ at: Int) -> UInt16 { UInt16(message[at]) << 8 | UInt16(message[at + 1]) }
        let flags = u16(2)
        self.init(id: u16(0),
                  isResponse: flags & 0x8000 != 0,
                  opcode: UInt8((flags >> 11) & 0x0F),
                  isAuthoritative: flags & 0x0400 != 0,
                  isTruncated: flags & 0x0200 != 0,
                  recursionDesired: flags & 0x0100 != 0,
                  recursionAvailable: flags & 0x0080 != 0,
                  responseCode: DNSResponseCode(rawValue: UInt8(flags & 0x000F)))
        let counts = (Int(u16(4)), Int(u16(6)), Int(u16(8)), Int(u16(10)))
        var offset = 12
        for _ in 0..<counts.0 {
            let (name, next) = try DNSName.decode(message, at: offset)
            guard next + 4 <= message.count else { throw .truncated(field: "question", offset: next) }
            questions.append(DNSQuestion(name: name, type: DNSRecordType(rawValue: u16(next)), recordClass: u16(next + 2)))
            offset = next + 4
        }
        answers = try DNSMessage.records(counts.1, in: message, offset: &offset)
        authorities = try DNSMessage.records(counts.2, in: message, offset: &offset)
        additionals = try DNSMessage.records(counts.3, in: message, offset: &offset)
        guard offset == message.count else { throw .trailingBytes(count: message.count - offset) }
    }

    private static func records(_ count: Int, in message: [UInt8], offset: inout Int) throws(DNSMessageError) -> [DNSRecord] {
        var records: [DNSRecord] = []
        for _ in 0..<count {
            let (name, next) = try DNSName.decode(message, at: offset)
            guard next + 10 <= message.count else { throw .truncated(field: "record header", offset: next) }
            func u16(_ at: Int) -> UInt16 { UInt16(message[at]) << 8 | UInt16(message[at + 1]) }
            let ttl = UInt32(u16(next + 4)) << 16 | UInt32(u16(next + 6))
            let length = Int(u16(next + 8))
            let start = next + 10
            guard start + length <= message.count else { throw .truncated(field: "record data", offset: start) }
            records.append(DNSRecord(name: name, type: DNSRecordType(rawValue: u16(next)), recordClass: u16(next + 2),
                                     ttl: ttl, data: Array(message[start..<(start + length)])))
            offset = start + length
        }
        return records
    }

    /// The wire form (names uncompressed).
    public func encoded() throws(DNSMessageError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        func put16(_ value: UInt16) { bytes.append(UInt8(value >> 8)); bytes.append(UInt8(value & 0xFF)) }
        put16(id)
        var flags: UInt16 = UInt16(opcode & 0x0F) << 11 | UInt16(responseCode.rawValue)
        if isResponse { flags |= 0x8000 }
        if isAuthoritative { flags |= 0x0400 }
        if isTruncated { flags |= 0x0200 }
        if recursionDesired { flags |= 0x0100 }
        if recursionAvailable { flags |= 0x0080 }
        put16(flags)
        for count in [questions.count, answers.count, authorities.count, additionals.count] {
            put16(UInt16(clamping: count))
        }
        for question in questions {
            try DNSName.encode(question.name, into: &bytes)
            put16(question.type.rawValue)
            put16(question.recordClass)
        }
        for record in answers + authorities + additionals {
            try DNSName.encode(record.name, into: &bytes)
            put16(record.type.rawValue)
            put16(record.recordClass)
            put16(UInt16(record.ttl >> 16))
            put16(UInt16(record.ttl & 0xFFFF))
            guard record.data.count <= 0xFFFF else { throw .dataTooLong(count: record.data.count) }
            put16(UInt16(record.data.count))
            bytes.append(contentsOf: record.data)
        }
        return bytes
    }
}

import NIOCore
import StapleCore
import StapleLinks
import Synchronization

/// The part of a `ResolverActor` its event-loop handler uses: the table, the trace and the
/// counters, safe to share (a `Mutex` guards what changes).
final class ResolverCore: Sendable {
    let configuration: ResolverConfiguration
    let trace: Trace
    private let table: Mutex<[String: String]>
    private let bySource: [String: [String: String]]
    private let counts = Mutex((queries: 0, answered: 0, nxdomain: 0))
    private let boundAddress = Mutex<String>("")

    /// A core answering from `configuration.records`.
    init(configuration: ResolverConfiguration, trace: Trace) {
        self.configuration = configuration
        self.trace = trace
        var normalized: [String: String] = [:]
        for (name, address) in configuration.records { normalized[ResolverCore.normalize(name)] = address }
        self.table = Mutex(normalized)
        bySource = configuration.recordsBySource.mapValues { records in
            Dictionary(records.map { (ResolverCore.normalize($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// `Example.COM.` → `example.com`.
    static func normalize(_ name: String) -> String {
        var text = name.lowercased()
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// The party of the resolver's events and observations.
    var party: Party { .resolver(configuration.name) }

    /// Where the resolver listens, as text (set once bound).
    var address: String {
        get { boundAddress.withLock { $0 } }
        set { boundAddress.withLock { $0 = newValue } }
    }

    /// Sets or removes (`nil`) the address of `name`.
    func setRecord(_ name: String, address: String?) {
        table.withLock { $0[ResolverCore.normalize(name)] = address }
    }

    /// (queries received, answered with an address, answered NXDOMAIN).
    var load: (queries: Int, answered: Int, nxdomain: Int) { counts.withLock { $0 } }

    /// The reply to `query` from `source`, recording what the resolver learned. Every query gets
    /// an answer or an error code; it stays silent (`nil`) only for fewer than 12 bytes (no ID
    /// to answer to) and for messages that are themselves responses (answering them could loop).
    func answer(_ bytes: ByteBufferView, from source: SocketAddress, at time: Instant) -> [UInt8]? {
        let query: DNSMessage
        do {
            query = try DNSMessage(parsing: bytes)
        } catch {
            // Reply FORMERR when at least the header (and so the ID) is there.
            guard bytes.count >= 12 else { return nil }
            let id = UInt16(bytes[bytes.startIndex]) << 8 | UInt16(bytes[bytes.startIndex + 1])
            trace.record(party, .dnsQueryReceived, connection: .next(), bytes: bytes.count,
                         detail: "malformed from=\(ResolverCore.text(source)): \(error)", at: time)
            return try? DNSMessage(id: id, isResponse: true, responseCode: .formatError).encoded()
        }
        guard !query.isResponse else { return nil }
        guard query.opcode == 0 else { return ResolverCore.encode(query.response(code: .notImplemented)) }
        guard let question = query.questions.first, query.questions.count == 1 else {
            return ResolverCore.encode(query.response(code: .formatError))
        }
        let name = ResolverCore.normalize(question.name)
        let clientIP = source.ipAddress ?? "?"
        let known = bySource[clientIP]?[name] ?? table.withLock { $0[name] }
        let connection = ConnectionID.next()
        var answers: [DNSRecord] = []
        var code = DNSResponseCode.noError
        if let known {
            if question.type == .a, let record = try? DNSRecord.a(name: question.name, address: known, ttl: configuration.ttl) {
                answers.append(record)
            }
        } else {
            code = .nameError
        }
        counts.withLock {
            $0.queries += 1
            if known == nil { $0.nxdomain += 1 } else if !answers.isEmpty { $0.answered += 1 }
        }
        let outcome = code == .nameError ? "NXDOMAIN" : answers.first?.ipv4 ?? "no \(question.type) record"
        trace.record(party, .dnsQueryReceived, connection: connection, bytes: bytes.count,
                     detail: "name=\(name) type=\(question.type) from=\(ResolverCore.text(source)) answer=\(outcome)", at: time)
        if !name.isEmpty {
            trace.observe(Observation(observer: party, observerAddress: self.address, hostname: name,
                                      clientAddress: clientIP, via: .dnsQuery, time: time, connection: connection))
        }
        return ResolverCore.encode(query.response(answers: answers, code: code))
    }

    /// The wire form of `reply`; when a name in it cannot be written back (a label the parser
    /// read but the encoder refuses, such as one with a space), the header alone with SERVFAIL:
    /// the query was well-formed, the resolver could not answer it.
    static func encode(_ reply: DNSMessage) -> [UInt8] {
        if let bytes = try? reply.encoded() { return bytes }
        let header = DNSMessage(id: reply.id, isResponse: true, opcode: reply.opcode, isAuthoritative: reply.isAuthoritative,
                                recursionDesired: reply.recursionDesired, recursionAvailable: false,
                                responseCode: .serverFailure)
        // A header with no names always encodes.
        return (try? header.encoded()) ?? []
    }

    static func text(_ address: SocketAddress) -> String { "\(address.ipAddress ?? "?"):\(address.port ?? 0)" }
}

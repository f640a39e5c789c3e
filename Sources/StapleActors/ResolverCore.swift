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
    private let counts = Mutex((queries: 0, answered: 0, nxdomain: 0))
    private let boundAddress = Mutex<String>("")

    /// A core answering from `configuration.records`.
    init(configuration: ResolverConfiguration, trace: Trace) {
        self.configuration = configuration
        self.trace = trace
        var normalized: [String: String] = [:]
        for (name, address) in configuration.records { normalized[ResolverCore.normalize(name)] = address }
        self.table = Mutex(normalized)
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

    /// The reply to `query` from `source`, recording what the resolver learned; `nil` to stay silent.
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
        guard query.opcode == 0 else { return try? query.response(code: .notImplemented).encoded() }
        guard let question = query.questions.first, query.questions.count == 1 else {
            return try? query.response(code: .formatError).encoded()
        }
        let name = ResolverCore.normalize(question.name)
        let known = table.withLock { $0[name] }
        let connection = ConnectionID.next()
        let clientIP = source.ipAddress ?? "?"
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
        return try? query.response(answers: answers, code: code).encoded()
    }

    static func text(_ address: SocketAddress) -> String { "\(address.ipAddress ?? "?"):\(address.port ?? 0)" }
}

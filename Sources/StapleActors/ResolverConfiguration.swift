import StapleCore

/// What a `ResolverActor` answers and where it listens.
public struct ResolverConfiguration: Hashable, Sendable {
    /// The resolver's party name in the trace (`dns`).
    public var name: String
    /// The IP literal it binds (its own 127.x.y.z).
    public var host: String
    /// The UDP port; 0 for an ephemeral one.
    public var port: Int
    /// Name → IPv4 address (dotted text). Names match case-insensitively, a trailing dot ignored.
    public var records: [String: String]
    /// Source IP → name → address: answers for queries from one address that differ from
    /// `records` (a real client's own address: its names lead to its own doors).
    public var recordsBySource: [String: [String: String]] = [:]
    /// Time the resolver takes before it answers each query.
    public var processingDelay: Delay
    /// TTL of the A records it answers, in seconds.
    public var ttl: UInt32

    /// Makes a configuration.
    public init(name: String = "dns", host: String, port: Int = 0, records: [String: String],
                processingDelay: Delay = .zero, ttl: UInt32 = 60) {
        self.name = name
        self.host = host
        self.port = port
        self.records = records
        self.processingDelay = processingDelay
        self.ttl = ttl
    }
}

import StapleCore

/// The scenario's DNS resolver: which names it answers and how fast.
public struct ResolverConfig: Sendable {
    /// The party name in traces.
    public var name: String
    /// The loopback address it listens on.
    public var host: String
    /// The UDP port (0: ephemeral).
    public var port: Int
    /// Name → IPv4 address (names are matched case-insensitively); anything else is NXDOMAIN.
    public var records: [String: String]
    /// Processing delay per query.
    public var delay: Delay
    /// Answer TTL, seconds.
    public var ttl: UInt32

    /// Makes a configuration.
    public init(name: String = "dns", host: String, port: Int = 0, records: [String: String], delay: Delay = .zero,
                ttl: UInt32 = 60) {
        self.name = name
        self.host = host
        self.port = port
        var lowered: [String: String] = [:]
        for (key, value) in records { lowered[key.lowercased()] = value }
        self.records = lowered
        self.delay = delay
        self.ttl = ttl
    }
}

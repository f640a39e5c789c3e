import NIOCore
import StapleCore

/// Turns a hostname into an IPv4 address for a party (a client or a server), tracing it.
public protocol HostResolver: Sendable {
    /// Resolves `host` for `party`'s connection `connection`.
    func resolve(_ host: String, party: Party, connection: ConnectionID, on eventLoop: any EventLoop) -> EventLoopFuture<String>
}

/// A fixed table of names (no DNS traffic): for standalone use and tests that are not about DNS.
public struct StaticHosts: HostResolver {
    /// Lowercased name → IPv4 address.
    public var table: [String: String]

    /// Makes a table.
    public init(_ table: [String: String]) {
        var lowered: [String: String] = [:]
        for (name, address) in table { lowered[name.lowercased()] = address }
        self.table = lowered
    }

    /// Looks the name up; fails with ``HostResolverError/unknownHost(_:)``.
    public func resolve(_ host: String, party: Party, connection: ConnectionID, on eventLoop: any EventLoop) -> EventLoopFuture<String> {
        guard let address = table[host.lowercased()] else {
            return eventLoop.makeFailedFuture(HostResolverError.unknownHost(host))
        }
        return eventLoop.makeSucceededFuture(address)
    }
}

/// A name could not be resolved.
public enum HostResolverError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The name is not known.
    case unknownHost(String)

    /// What went wrong.
    public var description: String {
        switch self {
        case .unknownHost(let host): return "\(host) does not resolve"
        }
    }
}

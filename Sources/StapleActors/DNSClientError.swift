import StapleCore

/// Why a DNS lookup did not give an address.
public enum DNSClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The resolver says the name does not exist (NXDOMAIN).
    case nxdomain(name: String)
    /// No answer came within the timeout.
    case timeout(name: String, server: String, after: Delay)
    /// The answer could not be read, or does not answer the question asked.
    case malformed(name: String, reason: String)
    /// The resolver answered with another error code (SERVFAIL, REFUSED, …).
    case serverError(name: String, code: String)
    /// The name exists but has no A record.
    case noAddress(name: String)
    /// The name cannot be put in a query (empty label, too long).
    case invalidName(name: String, reason: String)
    /// The client's socket could not be bound to its source address.
    case bindFailed(source: String, reason: String)

    /// What went wrong, for which name, and what to check.
    public var description: String {
        switch self {
        case .nxdomain(let name):
            return "DNS: \(name) does not exist (NXDOMAIN); add it to the resolver's records"
        case .timeout(let name, let server, let after):
            return "DNS: no answer for \(name) from \(server) within \(after); is the resolver running and reachable?"
        case .malformed(let name, let reason):
            return "DNS: the answer for \(name) is malformed: \(reason)"
        case .serverError(let name, let code):
            return "DNS: the resolver answered \(code) for \(name)"
        case .noAddress(let name):
            return "DNS: \(name) exists but has no IPv4 (A) record"
        case .invalidName(let name, let reason):
            return "DNS: '\(name)' cannot be looked up: \(reason)"
        case .bindFailed(let source, let reason):
            return "DNS: cannot bind the query socket to \(source): \(reason); use a 127.x.y.z address"
        }
    }
}

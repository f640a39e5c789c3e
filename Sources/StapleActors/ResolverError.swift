/// Why a `ResolverActor` could not start.
public enum ResolverError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `start()` on a resolver that runs or has stopped.
    case alreadyStarted(name: String)
    /// The UDP socket could not be bound.
    case bindFailed(name: String, address: String, reason: String)
    /// A record's address is not dotted IPv4.
    case invalidRecord(name: String, hostname: String, address: String)

    /// What was wrong, where, and how to fix it.
    public var description: String {
        switch self {
        case .alreadyStarted(let name):
            return "resolver '\(name)' was already started; make a new resolver to listen again"
        case .bindFailed(let name, let address, let reason):
            return "resolver '\(name)' could not listen on \(address) (UDP): \(reason); "
                + "pick another 127.x.y.z address or port 0"
        case .invalidRecord(let name, let hostname, let address):
            return "resolver '\(name)': the record \(hostname) → '\(address)' is not an IPv4 address; "
                + "write four numbers 0-255 separated by dots"
        }
    }
}

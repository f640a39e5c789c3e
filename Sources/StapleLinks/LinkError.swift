/// Why a link could not do what it was asked.
public enum LinkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The front door could not bind its address.
    case bindFailed(link: String, address: String, reason: String)
    /// `start()` was called on a link that already runs or has stopped.
    case alreadyStarted(link: String)
    /// An address is not an IPv4/IPv6 literal with a port.
    case invalidAddress(link: String, address: String)

    /// A sentence naming the link, what was wrong and how to fix it.
    public var description: String {
        switch self {
        case .bindFailed(let link, let address, let reason):
            return "link '\(link)' could not listen on \(address): \(reason); "
                + "pick another 127.x.y.z address or port 0 for an ephemeral port"
        case .alreadyStarted(let link):
            return "link '\(link)' was already started; make a new link to listen again"
        case .invalidAddress(let link, let address):
            return "link '\(link)': '\(address)' is not an IP address; write a literal such as 127.0.2.10"
        }
    }
}

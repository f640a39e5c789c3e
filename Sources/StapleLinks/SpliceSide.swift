/// Which of a spliced connection's two sockets: the one a party connected to (downstream), or
/// the one the proxy opened onward to the actor or the next door (upstream).
public enum SpliceSide: Sendable, Hashable {
    /// The accepted socket, to the party that connected.
    case downstream
    /// The socket the proxy opened onward.
    case upstream
}

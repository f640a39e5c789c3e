import StapleCore

/// A message a tap reader recognised, and the stream position of its first byte (bytes of the
/// direction before it, from 0); the parser turns the position into times with `StreamStamps`.
struct WireSighting: Hashable, Sendable {
    /// What was recognised.
    var message: WireMessage
    /// Where its first byte lies in the direction's stream.
    var position: Int
}

/// What a responder connection's HTTP handler tells its ``ResponderConnectionGuard`` (an
/// outbound user event, travelling toward the socket).
enum ResponderRequestEvent: Sendable {
    /// A whole request was read: its bytes no longer count toward the head bound, and the read
    /// timeout stops while it is answered.
    case requestRead
    /// The answer was written and the connection stays open: the idle timeout starts.
    case responseSent
}

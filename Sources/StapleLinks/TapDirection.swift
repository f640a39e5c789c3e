/// Which way bytes cross a link, as the tap sees them.
enum TapDirection: Sendable {
    /// From the connecting party to the listening actor.
    case forward
    /// From the listening actor back to the connecting party.
    case backward
}

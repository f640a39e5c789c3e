/// Asks a link connection to deliver everything it holds now and close (the link is stopping).
struct LinkDrainEvent: Sendable {}

import NIOCore

/// A connection made of two sockets spliced by a proxy (a front door's ``LinkConnection``, a real
/// client's door): what its ``SpliceHandler``s hand it. Every call comes on the connection's one
/// event loop.
public protocol SplicedConnection: AnyObject {
    /// `side`'s socket became active (for the upstream one: it connected).
    func active(_ side: SpliceSide, channel: Channel)
    /// Bytes arrived on `side`.
    func receive(from side: SpliceSide, _ data: ByteBuffer)
    /// A read burst on `side` ended.
    func readComplete(_ side: SpliceSide)
    /// `side`'s peer shut down its output.
    func inputClosed(_ side: SpliceSide)
    /// The proxy is stopping: deliver what is held, then close.
    func drain()
    /// `side`'s socket can (or cannot) take more writes.
    func writabilityChanged(_ side: SpliceSide, writable: Bool)
    /// `side`'s socket closed.
    func inactive(_ side: SpliceSide)
}

extension SplicedConnection {
    /// Nothing to do at the end of a read burst.
    public func readComplete(_ side: SpliceSide) {}
    /// Nothing held to drain.
    public func drain() {}
    /// No back-pressure.
    public func writabilityChanged(_ side: SpliceSide, writable: Bool) {}
}

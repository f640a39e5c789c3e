import NIOCore

/// What a server staples into one handshake.
public enum StapleAnswer: Hashable, Sendable {
    /// Staple these DER bytes (an OCSPResponse).
    case staple([UInt8])
    /// Staple nothing; the reason goes into the trace (`no cached response`, `stapling off`).
    case none(String)
}

/// The first answer of a staple provider: known now, or it must fetch during the handshake.
public enum StapleLookup: Hashable, Sendable {
    /// Known now.
    case answer(StapleAnswer)
    /// The handshake must wait for `fetch` (Apache's behaviour: fetch inside the handshake).
    case fetch
}

/// Where a TLS server gets the staple for a handshake.
///
/// StapleTLS staples whatever bytes this hands it, or nothing; the caching and refresh
/// policy (lazy, blocking, proactive) belongs to whoever implements this.
public protocol StapleProvider: Sendable {
    /// Called on the connection's event loop for each ClientHello that asks for status.
    func lookup(host: String, connection: TLSConnectionContext) -> StapleLookup
    /// Fetches while the handshake waits (only after `lookup` answered `.fetch`).
    func fetch(host: String, connection: TLSConnectionContext) -> EventLoopFuture<StapleAnswer>
}

/// A provider that never staples.
public struct NoStaple: StapleProvider {
    /// Makes the provider.
    public init() {}
    /// Always none.
    public func lookup(host: String, connection: TLSConnectionContext) -> StapleLookup { .answer(.none("stapling off")) }
    /// Never called.
    public func fetch(host: String, connection: TLSConnectionContext) -> EventLoopFuture<StapleAnswer> {
        connection.eventLoop.makeSucceededFuture(.none("stapling off"))
    }
}

/// A provider that staples fixed bytes (tests, `openssl s_server -status_file` style).
public struct FixedStaple: StapleProvider {
    /// The bytes to staple, or nil for none.
    public var bytes: [UInt8]?
    /// Makes the provider.
    public init(_ bytes: [UInt8]?) { self.bytes = bytes }
    /// The fixed answer.
    public func lookup(host: String, connection: TLSConnectionContext) -> StapleLookup {
        .answer(bytes.map { .staple($0) } ?? .none("no staple configured"))
    }
    /// Never called.
    public func fetch(host: String, connection: TLSConnectionContext) -> EventLoopFuture<StapleAnswer> {
        connection.eventLoop.makeSucceededFuture(bytes.map { .staple($0) } ?? .none("no staple configured"))
    }
}

import NIOCore
import StaplePKI
import StapleCore

/// What the client knows about the server's certificate when it must decide on its status.
public struct PeerCertificates: Sendable {
    /// The verified chain, leaf first, up to and including the trusted root.
    public var chain: [Certificate]
    /// The stapled OCSP response, if the server sent one.
    public var staple: [UInt8]?
    /// Whether the client asked for a staple (status_request).
    public var stapleRequested: Bool
    /// The negotiated protocol version.
    public var version: TLSVersion
    /// The hostname the client asked for (SNI).
    public var hostname: String

    /// The leaf.
    public var leaf: Certificate { chain[0] }
    /// The leaf's issuer, when the chain has one.
    public var issuer: Certificate? { chain.count > 1 ? chain[1] : nil }
}

/// A client's decision on the server certificate's status.
public enum StatusDecision: Hashable, Sendable {
    /// Carry on; the note says why (`good`, `soft-fail: timeout`, `no check`).
    case accept(String)
    /// Abort the handshake; the reason says why (`revoked`, `no staple for a must-staple certificate`).
    case reject(String)
}

/// The first answer of a status policy: decided now, or a fetch is needed first.
public enum StatusEvaluation: Hashable, Sendable {
    /// Decided from what the handshake carried.
    case decided(StatusDecision)
    /// The client must ask a responder itself (classic OCSP); the handshake pauses meanwhile.
    case fetch
}

/// How a TLS client decides on the server certificate's revocation status.
///
/// StapleTLS runs the mechanism (when to ask, pausing and resuming the handshake);
/// the policy (classic, stapled, soft- or hard-fail) belongs to whoever implements this.
public protocol CertificateStatusPolicy: Sendable {
    /// Whether the client sends the status_request extension (asks for a staple).
    var requestsStaple: Bool { get }
    /// Decides from the handshake alone, or asks for a fetch.
    ///
    /// Called on the connection's event loop once the chain is verified and, when a staple was
    /// requested, once the staple (or its absence) is known.
    func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation
    /// Fetches and decides (classic OCSP). The handshake waits for the returned future.
    func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision>
}

/// A policy that checks nothing and asks for nothing (mode `none`).
public struct NoStatusCheck: CertificateStatusPolicy {
    /// Makes the policy.
    public init() {}
    /// Never asks for a staple.
    public var requestsStaple: Bool { false }
    /// Always accepts.
    public func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation {
        .decided(.accept("no check"))
    }
    /// Never called.
    public func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
        connection.eventLoop.makeSucceededFuture(.accept("no check"))
    }
}

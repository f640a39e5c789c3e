import NIOCore
import StapleCore

/// Who and where a TLS connection is, for policies and providers that trace and schedule.
public struct TLSConnectionContext: Sendable {
    /// The connection's event loop (callbacks run on it; futures should complete on it).
    public var eventLoop: any EventLoop
    /// The run's trace.
    public var trace: Trace
    /// The party this end belongs to.
    public var party: Party
    /// The connection's identifier.
    public var connection: ConnectionID
    /// The remote peer's address (`IP:port`), when known.
    public var peerAddress: String
    /// This end's own address (`IP:port`), when known.
    public var localAddress: String

    /// Makes a context.
    public init(eventLoop: any EventLoop, trace: Trace, party: Party, connection: ConnectionID,
                peerAddress: String = "", localAddress: String = "") {
        self.eventLoop = eventLoop
        self.trace = trace
        self.party = party
        self.connection = connection
        self.peerAddress = peerAddress
        self.localAddress = localAddress
    }

    /// The peer's IP without the port.
    public var peerIP: String {
        guard let colon = peerAddress.lastIndex(of: ":") else { return peerAddress }
        return String(peerAddress[..<colon])
    }

    /// Records an event for this connection, stamped now.
    public func record(_ kind: EventKind, bytes: Int = 0, detail: @autoclosure () -> String = "",
                       payload: EventPayload = .none) {
        trace.record(party, kind, connection: connection, bytes: bytes, detail: detail(), payload: payload)
    }
}

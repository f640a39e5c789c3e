import StapleCore
import StapleActors

extension ActorWorld {
    /// What a client's attempt settled on (status, its source, staple, version), read from the
    /// attempt's typed events in this world's trace: their one carrier, as the engine reads them.
    func facts(_ result: ConnectionResult) -> ConnectionFacts {
        ConnectionFacts(trace.events(of: result.connection))
    }
}

extension ActorWorld {
    /// The attempt's local `ip:port`, from its `tcp.connected` event's endpoints (its one carrier).
    func localAddress(_ result: ConnectionResult) -> String? {
        for event in trace.events(of: result.connection) where event.kind == .tcpConnected {
            if case .endpoints(let local, _) = event.payload { return local }
        }
        return nil
    }
}

import StapleCore
import StapleActors

extension ActorWorld {
    /// What a client's attempt settled on (status, its source, staple, version), read from the
    /// attempt's typed events in this world's trace: their one carrier, as the engine reads them.
    func facts(_ result: ConnectionResult) -> ConnectionFacts {
        ConnectionFacts(trace.events(of: result.connection))
    }
}

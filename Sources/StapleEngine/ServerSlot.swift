import NIOCore
import StapleActors
import Synchronization

/// What plays the server behind the server's front door: the built-in actor, or nginx or Apache.
/// A restart of an external server replaces its process: the slot holds it behind a lock.
final class ServerSlot: Sendable {
    /// The two kinds of server.
    enum Occupant: Sendable {
        /// StapleBench's own server actor.
        case builtin(ServerActor)
        /// nginx or Apache, a real program.
        case external(ExternalServer)
    }

    private let occupant: Mutex<Occupant>

    /// A slot holding `occupant`.
    init(_ occupant: Occupant) { self.occupant = Mutex(occupant) }

    /// The built-in server, if it plays.
    var builtin: ServerActor? {
        if case .builtin(let actor) = occupant.withLock({ $0 }) { return actor }
        return nil
    }

    /// nginx or Apache, if it plays.
    var external: ExternalServer? {
        if case .external(let server) = occupant.withLock({ $0 }) { return server }
        return nil
    }

    /// A restart: the built-in server loses its caches (a proactive one reloads from disk); nginx
    /// or Apache is stopped (`collect` reads its logs first) and started again (their caches are
    /// in memory). Returns where a new external process listens, nil when nothing moved.
    func restart(collect: (ExternalServer) -> Void) async -> SocketAddress? {
        switch occupant.withLock({ $0 }) {
        case .builtin(let actor):
            await actor.restart()
            return nil
        case .external(let server):
            collect(server)
            await server.stop()
            let again = ExternalServer(config: server.config)
            occupant.withLock { $0 = .external(again) }
            return try? await again.start()
        }
    }

    /// Stops whichever server plays (`collect` reads nginx's or Apache's logs first).
    func stop(collect: (ExternalServer) -> Void) async {
        switch occupant.withLock({ $0 }) {
        case .builtin(let actor): await actor.stop()
        case .external(let server):
            collect(server)
            await server.stop()
        }
    }
}

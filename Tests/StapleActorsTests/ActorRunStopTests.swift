import Testing
@testable import StapleActors

/// An actor's `run()` ends when something else stops the actor, not only when its task is
/// cancelled (it used to sleep in 100 ms steps until cancelled, and never saw a stop).
@Suite(.awaitsTeardown) struct ActorRunStopTests {
    @Test(.timeLimit(.minutes(1))) func aServersRunEndsWhenItIsStopped() async throws {
        let world = try ActorWorld()
        let server = try world.server(stapling: false)
        let running = Task { try await server.run() }
        while await !server.isRunning { await Task.yield() }
        await server.stop()
        try await running.value
        #expect(await server.state == .stopped)
        #expect(!running.isCancelled)
    }

    @Test(.timeLimit(.minutes(1))) func aRespondersRunEndsWhenItIsStoppedOrCancelled() async throws {
        let world = try ActorWorld()
        let responder = world.responder()
        let running = Task { try await responder.run() }
        while await !responder.isRunning { await Task.yield() }
        await responder.stop()
        try await running.value
        #expect(await responder.state == .stopped)

        let other = world.responder()
        let cancelled = Task { try await other.run() }
        while await !other.isRunning { await Task.yield() }
        cancelled.cancel()
        try await cancelled.value
        #expect(await other.state == .stopped)
    }
}

extension ServerActor {
    /// Whether it listens now.
    var isRunning: Bool { if case .running = state { true } else { false } }
}

extension ResponderActor {
    /// Whether it listens now.
    var isRunning: Bool { if case .running = state { true } else { false } }
}

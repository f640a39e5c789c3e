import Foundation
import NIOCore
import NIOPosix
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// Start and stop under actor reentrancy: concurrent starts share one listener, a stop during
/// a start wins, and a stopped proactive cache schedules nothing.
@Suite struct ActorStartStopTests {
    @Test func concurrentStartsOfAServerShareOneListener() async throws {
        let world = try ActorWorld()
        let server = try ServerActor(config: ServerConfig(name: "example.com", host: world.serverIP, pki: world.pki, stapling: false),
                                     resolver: world.hosts, trace: world.trace, clock: world.clock)
        async let first = server.start()
        async let second = server.start()
        let addresses = try await [first, second]
        #expect(addresses[0] == addresses[1], "one listener, not two on different ports")
        await server.stop()
        #expect(await ResponderLifecycleTests.refused(addresses[0]))
    }

    @Test func concurrentStartsOfAResolverBindOnce() async throws {
        let world = try ActorWorld()
        let resolver = ResolverActor(configuration: ResolverConfiguration(host: world.prefix + ".5", records: [:]),
                                     trace: world.trace, group: MultiThreadedEventLoopGroup.singleton)
        async let first = Result(catching: { try await resolver.start() })
        async let second = Result(catching: { try await resolver.start() })
        let results = await [first, second]
        #expect(results.filter { (try? $0.get()) != nil }.count == 1)
        #expect(results.contains { if case .failure(ResolverError.alreadyStarted) = $0 { true } else { false } })
        await resolver.stop()
    }

    @Test func aStoppedProactiveCacheHasNoRefreshPending() async throws {
        let world = try ActorWorld()
        let responder = ResponderActor(config: ResponderConfig(host: world.responderIP, port: ActorWorld.responderPort,
                                                               authorities: world.pki.authorities()),
                                       trace: world.trace, clock: world.clock)
        try await responder.start()
        let config = ServerConfig(name: "example.com", host: world.serverIP, pki: world.pki, policy: .proactive)
        let fetch = try StapleFetch(config: config, resolver: world.hosts, trace: world.trace, clock: world.clock)
        let cache = ProactiveStapleCache(fetch: fetch, clock: world.clock, hosts: ["example.com"],
                                         loop: MultiThreadedEventLoopGroup.singleton.next())
        await cache.start()
        #expect(cache.pendingRefreshes == 1, "fetched, refresh scheduled")
        cache.stop()
        #expect(cache.pendingRefreshes == 0)
        await responder.stop()
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

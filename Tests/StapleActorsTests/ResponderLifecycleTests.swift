import Foundation
import NIOCore
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// The responder's listener across refuse windows and stop: an open window works, and
/// nothing listens again after `stop()`.
@Suite struct ResponderLifecycleTests {
    func responder(_ world: ActorWorld, outages: [ResponderOutage]) -> ResponderActor {
        ResponderActor(config: ResponderConfig(host: world.responderIP, authorities: world.pki.authorities(), outages: outages),
                       trace: world.trace, clock: world.clock)
    }

    static func refused(_ address: SocketAddress) async -> Bool {
        do {
            let client = try await RawTCPClient.connect(to: address)
            await client.close()
            return false
        } catch {
            return true
        }
    }

    @Test func aRefuseWindowWithNoEndRefusesForEver() async throws {
        let world = try ActorWorld()
        let responder = responder(world, outages: [ResponderOutage(kind: .refuse, from: 0, to: .infinity)])
        let address = try await responder.start()
        #expect(await Self.refused(address))
        #expect(await responder.listenAddress == address)
        await responder.stop()
    }

    @Test func aLaterRefuseWindowWithNoEndClosesTheListenerWhenItStarts() async throws {
        let world = try ActorWorld()
        // The world's clock started when it was made (PKI and all): the window starts 4 s from
        // now, far enough that a busy machine still checks the open listener before it.
        let responder = responder(world, outages: [ResponderOutage(kind: .refuse, from: world.clock.elapsed() + 4, to: .infinity)])
        let address = try await responder.start()
        #expect(!(await Self.refused(address)))
        #expect(await ActorWorld.eventually { await Self.refused(address) })
        await responder.stop()
    }

    @Test func nothingListensAgainAfterStopThoughAWindowEnds() async throws {
        let world = try ActorWorld()
        let responder = responder(world, outages: [ResponderOutage(kind: .refuse, from: 0, to: world.clock.elapsed() + 0.2)])
        let address = try await responder.start()
        await responder.stop()
        try await Task.sleep(nanoseconds: 400_000_000)
        #expect(await Self.refused(address), "the window's end must not reopen a stopped responder")
        #expect(await responder.state == .stopped)
    }
}

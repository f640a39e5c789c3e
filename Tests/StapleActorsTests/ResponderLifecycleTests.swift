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
        // The world's clock started when it was made (PKI and all): the window starts 6 s from
        // now. The open listener is checked only while the window is still ahead by the time the
        // check is made (a machine busy enough to take 6 s to start a responder proves nothing
        // about it); the closing is checked always.
        let windowStart = world.clock.elapsed() + 6
        let responder = responder(world, outages: [ResponderOutage(kind: .refuse, from: windowStart, to: .infinity)])
        let address = try await responder.start()
        let before = world.clock.elapsed()
        let refusedBefore = await Self.refused(address)
        if world.clock.elapsed() < windowStart {
            #expect(!refusedBefore, "refused \(windowStart - before) s before the window starts")
        }
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

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
        // A manual policy clock: the window starts at scenario second 6, when the test moves the
        // clock there; until then the listener stays open however slow the machine is.
        let world = try ActorWorld(clock: .manual())
        let responder = responder(world, outages: [ResponderOutage(kind: .refuse, from: 6, to: .infinity)])
        let address = try await responder.start()
        #expect(world.clock.pendingAlarms == 1, "the window's start, and no end")
        #expect(!(await Self.refused(address)), "the listener is open before the window")
        world.clock.advance(toElapsed: 5.999)
        #expect(!(await Self.refused(address)), "still open a moment before the window")
        world.clock.advance(toElapsed: 6)
        #expect(world.clock.pendingAlarms == 0)
        #expect(await ActorWorld.eventually { await Self.refused(address) })
        #expect(await responder.listenAddress == address)
        await responder.stop()
    }

    @Test func aRefuseWindowReopensTheListenerWhenItEnds() async throws {
        let world = try ActorWorld(clock: .manual())
        let responder = responder(world, outages: [ResponderOutage(kind: .refuse, from: 0, to: 10)])
        let address = try await responder.start()
        #expect(await Self.refused(address), "refused inside the window")
        world.clock.advance(toElapsed: 9.5)
        #expect(await Self.refused(address), "still inside the window")
        world.clock.advance(toElapsed: 10)
        #expect(await ActorWorld.eventually { !(await Self.refused(address)) }, "open again at its end")
        await responder.stop()
    }

    @Test func nothingListensAgainAfterStopThoughAWindowEnds() async throws {
        let world = try ActorWorld(clock: .manual())
        let responder = responder(world, outages: [ResponderOutage(kind: .refuse, from: 0, to: 10)])
        let address = try await responder.start()
        #expect(world.clock.pendingAlarms == 1, "the window's end")
        await responder.stop()
        #expect(world.clock.pendingAlarms == 0, "stop cancels it")
        world.clock.advance(toElapsed: 11)
        #expect(await Self.refused(address), "the window's end must not reopen a stopped responder")
        #expect(await responder.state == .stopped)
    }

    /// One advance across a whole window fires its start and its end together; whichever of the
    /// two reaches the responder first, the listener ends open (it follows the clock, not the order).
    @Test func oneAdvanceAcrossAWholeWindowLeavesTheListenerOpen() async throws {
        let world = try ActorWorld(clock: .manual())
        let responder = responder(world, outages: [ResponderOutage(kind: .refuse, from: 5, to: 10)])
        let address = try await responder.start()
        #expect(world.clock.pendingAlarms == 2, "the window's start and end")
        world.clock.advance(toElapsed: 11)
        #expect(world.clock.pendingAlarms == 0)
        // Let both alarms' work reach the responder, then look.
        for _ in 0..<20 { await Task.yield() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(!(await Self.refused(address)), "open after the window, both edges handled")
        #expect(await responder.listenAddress == address)
        await responder.stop()
    }
}

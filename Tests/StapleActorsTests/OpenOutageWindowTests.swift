import Foundation
import NIOCore
import NIOPosix
import Testing
import StapleCore
@testable import StapleActors

/// An outage with no end (`to` omitted in a scenario, `--outage-to` omitted for `serve`)
/// holds for the whole run: the responder starts, and refuses, instead of trapping on an
/// infinite time.
struct OpenOutageWindowTests {
    @Test func aRefuseOutageWithNoEndRefusesForTheWholeRun() async throws {
        let fixture = try ExternalTestFixture(slot: 60)
        let responder = fixture.responder(outages: [ResponderOutage(kind: .refuse, from: 0, to: .infinity)])
        let address = try await responder.start()
        let connect = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(to: address)
        await #expect(throws: (any Error).self, "the listener must stay closed") {
            let channel = try await connect.get()
            try? await channel.close()
        }
        #expect(await responder.requestCount == 0)
        await responder.stop()
    }
}

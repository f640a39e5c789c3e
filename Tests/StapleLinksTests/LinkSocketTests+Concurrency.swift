import NIOCore
import StapleCore
import StapleTestSupport
import Testing
@testable import StapleLinks

extension LinkSocketTests {
    /// The throughput benchmark pushes hundreds of handshakes at once through zero-delay links:
    /// every connection must get through, each with its own address, and all must be released.
    @Test func manyConcurrentConnectionsThroughAZeroDelayLink() async throws {
        let fixture = try await LinkFixture.make(defaultSpec: LinkSpec(name: "bulk"))
        Teardown.add { await fixture.stop() }
        let count = 256
        let results = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for index in 0..<count {
                group.addTask {
                    let source = "127.0.10.\(index % 200 + 1)"
                    let client = try await fixture.connect(from: source)
                    var sent: [UInt8] = []
                    for round in 0..<5 {
                        let message = [UInt8(truncatingIfNeeded: index), UInt8(round), 0xAA, 0x55]
                        sent += message
                        _ = try await client.exchange(message, timeout: 20)
                    }
                    let received = client.seen.bytes
                    await client.close()
                    return received == sent ? [1] : [0]
                }
            }
            var all: [[UInt8]] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == count)
        #expect(results.allSatisfy { $0 == [1] }, "every echo came back intact and in order")
        #expect(fixture.server.seen.peers.count == count)
        #expect(Set(fixture.server.peerIPs).count == 200)
        #expect(fixture.server.peerIPs.allSatisfy { $0.hasPrefix("127.0.10.") })
        #expect(await TestLoop.until(timeout: 5) { fixture.link.openConnections == 0 }, "\(fixture.link.openConnections) still open")
        #expect(fixture.events(.linkAccepted).count == count)
    }
}

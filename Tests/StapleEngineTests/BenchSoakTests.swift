import Testing
@testable import StapleEngine

/// `bench soak` really drives its actors: every request and handshake answered, memory sampled
/// every tenth (the figures themselves are printed by `staplebench bench soak`, never asserted).
@Suite struct BenchSoakTests {
    @Test func theResponderSoakAnswersEveryRequestAndSamplesEachTenth() async throws {
        let row = try await Bench.soakResponder(requests: 200, connections: 4)
        #expect(row.operations == 200 && row.answered == 200)
        #expect(row.samples.map(\.done) == Array(stride(from: 20, through: 200, by: 20)))
    }

    @Test func theServerSoakCompletesEveryHandshake() async throws {
        let row = try await Bench.soakServer(handshakes: 40, concurrency: 4)
        #expect(row.operations == 40 && row.answered == 40)
        #expect(row.samples.count == 10)
    }
}

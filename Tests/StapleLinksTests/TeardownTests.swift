import Synchronization
import StapleTestSupport
import Testing

/// The awaited teardown every socket test relies on (``Teardown``, ``AwaitsTeardown``).
@Suite struct TeardownTests {
    private struct Boom: Error {}

    @Test func stepsRunLastFirstAfterTheBodyAndAlsoWhenItThrows() async throws {
        let log = Mutex<[String]>([])
        let test = try #require(Test.current)
        await #expect(throws: Boom.self) {
            try await AwaitsTeardown().provideScope(for: test, testCase: nil) {
                Teardown.add { log.withLock { $0.append("first") } }
                Teardown.add { try? await Task.sleep(nanoseconds: 10_000_000); log.withLock { $0.append("second") } }
                log.withLock { $0.append("body") }
                throw Boom()
            }
        }
        #expect(log.withLock { $0 } == ["body", "second", "first"], "awaited, in reverse, before the scope returned")
        try await AwaitsTeardown().provideScope(for: test, testCase: nil) {
            Teardown.add { log.withLock { $0.append("passed") } }
        }
        #expect(log.withLock { $0 }.last == "passed")
    }

    @Test func addingOutsideTheTraitIsAnIssue() {
        withKnownIssue("no .awaitsTeardown: the step would never run") {
            Teardown.add { }
        }
    }
}

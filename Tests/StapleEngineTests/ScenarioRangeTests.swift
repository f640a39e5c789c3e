import Testing
@testable import StapleEngine

/// Every workload number has an upper bound, checked at validation, so no arithmetic
/// overflows and no run asks for more than the machine can hold.
@Suite struct ScenarioRangeTests {
    private func error(_ line: Int, _ path: String, _ message: String) -> ScenarioError {
        ScenarioError(.outOfRange, file: "t.yaml", line: line, path: path, message: message)
    }

    private let base = """
        sites:
          - host: example.com
        clients:
          - name: Alice
        """

    @Test func hugeWorkloadNumbersAreRefusedWithTheirLimits() {
        let text = base + """

            workload:
              warmup: 9223372036854775807
              handshakes: 9223372036854775807
              concurrency: 20000
            server: { workers: 65 }
            """
        #expect(ScenarioTestSupport.errors(text) == [
            error(6, "workload.warmup", "must be at most 1000000, found 9223372036854775807"),
            error(7, "workload.handshakes", "must be at most 1000000, found 9223372036854775807"),
            error(8, "workload.concurrency", "must be at most 10000, found 20000"),
            error(9, "server.workers", "must be at most 64, found 65"),
        ])
    }

    @Test func theLimitsThemselvesAreAccepted() throws {
        let text = base + """

            workload: { warmup: 1000000, handshakes: 1000000, concurrency: 10000 }
            server: { workers: 64 }
            time_scale: 10000000
            """
        #expect(ScenarioTestSupport.errors(text) == [])
    }

    @Test func aHugeTimeScaleIsRefused() {
        #expect(ScenarioTestSupport.errors("time_scale: 1e300\n" + base) == [
            error(1, "time_scale", "must be at most 10000000 (a scenario year in about 3 real seconds), found 1e+300"),
        ])
    }
}

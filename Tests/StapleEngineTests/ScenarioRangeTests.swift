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
            error(7, "workload.handshakes", "must be at most 1000000000, found 9223372036854775807"),
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

/// Durations and bandwidths a run could never finish with are refused at validation.
@Suite struct ScenarioDurationLimitTests {
    private let base = """
        sites:
          - host: example.com
        clients:
          - name: Alice
        """

    @Test func aMillionHourRTTOrPaceIsRefused() {
        let errors = ScenarioTestSupport.errors(base + """

            links:
              client-server: { rtt: 1000000h }
            workload: { pace: 1000000h }
            """)
        #expect(errors.map(\.path) == ["links.client-server.rtt", "workload.pace"])
        #expect(errors.allSatisfy { $0.code == .outOfRange })
        #expect(errors.first?.message.hasPrefix("must be at most 10m") == true, "\(errors)")
    }

    @Test func policyTimesMayBeLongButNotForEver() {
        #expect(ScenarioTestSupport.errors(base + "\nresponder: { validity: 30d }\n") == [])
        let errors = ScenarioTestSupport.errors(base + "\nresponder: { validity: 1000000h }\n")
        #expect(errors.map(\.path) == ["responder.validity"])
    }

    @Test func aOneBitPerSecondLinkIsRefused() {
        let errors = ScenarioTestSupport.errors(base + "\nlinks:\n  client-server: { bandwidth: 1bit }\n")
        #expect(errors.map(\.path) == ["links.client-server.bandwidth"])
        #expect(errors.first?.message == "must be at least 1kbit (a handshake of a few kilobytes would take minutes), found '1bit'")
        #expect(ScenarioTestSupport.errors(base + "\nlinks:\n  client-server: { bandwidth: 1kbit }\n") == [])
    }
}

/// A run talks only to loopback: a responder URL naming another address is refused.
@Suite struct ResponderURLLoopbackTests {
    private let base = "sites:\n  - host: example.com\nclients:\n  - name: Alice\n"

    @Test(arguments: ["http://10.0.0.1/", "http://8.8.8.8:80/ocsp", "http://[::1]/"])
    func anAddressOffLoopbackIsRefused(url: String) {
        let errors = ScenarioTestSupport.errors(base + "server: { responder_url: \"\(url)\" }\n")
        #expect(errors.map(\.path) == ["server.responder_url"])
        #expect(errors.first?.code == .invalidValue)
        #expect(errors.first?.message.contains("is not a 127.0.0.0/8 address") == true, "\(errors)")
    }

    @Test(arguments: ["http://127.0.0.1:8080/", "http://ocsp.other.test/"])
    func loopbackAndNamesAreAccepted(url: String) {
        #expect(ScenarioTestSupport.errors(base + "server: { responder_url: \"\(url)\" }\n") == [])
    }
}

import StapleCore
import Testing
@testable import StapleLinks

@Suite struct PipeTests {
    @Test func anEmptyPipeIsImmediate() {
        var pipe = Pipe(.none, seed: 1)
        #expect(pipe.isImmediate)
        #expect(pipe.deadline(arrival: 123, bytes: 1_000) == 123)
    }

    @Test func stagesCompose() {
        var pipe = Pipe(PipeEffects(latency: .milliseconds(10), bandwidth: 1_000_000), seed: 1)
        // 10 ms latency, then 1 ms to serialize 1 kB.
        #expect(pipe.deadline(arrival: 0, bytes: 1_000) == 11_000_000)
    }

    @Test func reconfiguringToALowerLatencyKeepsOrder() {
        var pipe = Pipe(PipeEffects(latency: .milliseconds(50)), seed: 1)
        let slow = pipe.deadline(arrival: 0, bytes: 10)
        pipe.reconfigure(.none, seed: 1)
        let fast = pipe.deadline(arrival: 1_000_000, bytes: 10)
        #expect(slow == 50_000_000)
        #expect(fast == slow)        // cannot overtake the chunk still in flight
        #expect(pipe.deadline(arrival: 60_000_000, bytes: 10) == 60_000_000)
    }

    @Test func describesItsEffects() {
        #expect(PipeEffects(latency: .milliseconds(50), jitter: .milliseconds(5), bandwidth: 1000).description
                == "latency=50ms jitter=5ms bandwidth=1000B/s")
    }

    @Test func faultWindowsPickTheFaultByScenarioTime() {
        let spec = LinkSpec(name: "x", fault: .none,
                            faultWindows: [FaultWindow(from: 10, to: 20, fault: .hang),
                                           FaultWindow(from: 15, to: 30, fault: .refuse)])
        #expect(spec.fault(atElapsed: 5) == LinkFault.none)
        #expect(spec.fault(atElapsed: 10) == .hang)
        #expect(spec.fault(atElapsed: 16) == .hang)       // the first open window wins
        #expect(spec.fault(atElapsed: 20) == .refuse)
        #expect(spec.fault(atElapsed: 30) == LinkFault.none)
    }
}

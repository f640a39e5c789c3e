import Testing
import StapleReport
@testable import StapleEngine

/// `--precision`'s adaptive stop on a seeded sequence of samples: it stops at the first round
/// whose p50 and p90 intervals are both narrower than asked, and at the bound when they never are.
@Suite struct PrecisionGoalTests {
    /// 5,000 samples, uniform in 10…20 ms, always the same.
    static let samples: [Double] = {
        var generator = SplitMix64(seed: 42)
        return (0..<5_000).map { _ in 10 + Double(generator.next() % 1_000_000) / 100_000 }
    }()

    static func run(_ goal: PrecisionGoal, first: Int) async -> (PrecisionOutcome, [Int]) {
        var targets: [Int] = []
        let outcome = await goal.run(first: first) { target in
            targets.append(target)
            return Statistics(samples.prefix(target))
        }
        return (outcome, targets)
    }

    @Test func stopsExactlyAtTheFirstRoundNarrowerThanAsked() async throws {
        let widths = [20, 40, 80, 160].map { PrecisionGoal.widest(Statistics(Self.samples.prefix($0)))! }
        // Between the widths at 80 and 160 handshakes (the intervals narrow as n grows).
        let asked = (widths[2] + widths[3]) / 2
        try #require(widths[0] > asked && widths[1] > asked && widths[2] > asked && widths[3] < asked)
        let (outcome, targets) = await Self.run(PrecisionGoal(widthMs: asked, maxHandshakes: 2_000), first: 20)
        #expect(targets == [20, 40, 80, 160])
        #expect(outcome.reached && outcome.handshakes == 160 && outcome.widestMs == widths[3])
    }

    @Test func stopsAtTheBoundWhenNeverNarrowEnough() async {
        let (outcome, targets) = await Self.run(PrecisionGoal(widthMs: 0.000_001, maxHandshakes: 2_000), first: 20)
        #expect(targets == [20, 40, 80, 160, 320, 640, 1280, 2000])
        #expect(!outcome.reached && outcome.handshakes == 2_000)
        #expect(outcome.widestMs == PrecisionGoal.widest(Statistics(Self.samples.prefix(2_000))))
    }

    @Test func aConstantSampleReachesAnyPrecisionAtOnce() async {
        let goal = PrecisionGoal(widthMs: 0.001, maxHandshakes: 100)
        let outcome = await goal.run(first: 5) { Statistics(Array(repeating: 7.0, count: $0)) }
        #expect(outcome.reached && outcome.handshakes == 5 && outcome.widestMs == 0)
    }

    @Test func fewerThanTwoSamplesNeverReachIt() async {
        let outcome = await PrecisionGoal(widthMs: 1, maxHandshakes: 4).run(first: 1) { _ in Statistics([3.0]) }
        #expect(!outcome.reached && outcome.handshakes == 4 && outcome.widestMs == nil)
    }

    @Test func anInterruptedRoundEndsItUnreached() async {
        let outcome = await PrecisionGoal(widthMs: 1, maxHandshakes: 100).run(first: 10) { _ in nil }
        #expect(!outcome.reached && outcome.widestMs == nil)
    }
}

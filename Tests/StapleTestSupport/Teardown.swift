import Synchronization
import Testing

/// Teardown steps a test registers as it starts fixtures, awaited (last first) when the test
/// ends, passed or failed, before the next test starts: nothing is left listening or sending.
///
/// Use it in a test whose suite (or itself) has the ``AwaitsTeardown`` trait:
/// `let dns = try await ...start(); Teardown.add { await dns.stop() }`.
public final class Teardown: Sendable {
    @TaskLocal static var current: Teardown?
    private let steps = Mutex<[@Sendable () async -> Void]>([])

    init() {}

    /// Registers `step`, awaited when the current test ends. Outside a test with the
    /// ``AwaitsTeardown`` trait it records an issue (the step would never run).
    public static func add(sourceLocation: SourceLocation = #_sourceLocation,
                           _ step: @escaping @Sendable () async -> Void) {
        guard let current else {
            Issue.record("Teardown.add outside a test with the .awaitsTeardown trait: the step would not run",
                         sourceLocation: sourceLocation)
            return
        }
        current.steps.withLock { $0.append(step) }
    }

    /// Runs every registered step, last registered first, and forgets them.
    func run() async {
        let steps = self.steps.withLock { steps in
            defer { steps.removeAll() }
            return steps
        }
        for step in steps.reversed() { await step() }
    }
}

/// Awaits every ``Teardown`` step a test registered when it ends (on a suite: for each of its tests).
public struct AwaitsTeardown: TestTrait, SuiteTrait, TestScoping {
    /// The trait (also spelled `.awaitsTeardown`).
    public init() {}

    /// Applies to every test of a suite.
    public var isRecursive: Bool { true }

    /// Runs the test with a fresh ``Teardown`` in scope, then awaits its steps (also when it throws).
    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        let teardown = Teardown()
        try await Teardown.$current.withValue(teardown) {
            do {
                try await function()
            } catch {
                await teardown.run()
                throw error
            }
            await teardown.run()
        }
    }
}

extension Trait where Self == AwaitsTeardown {
    /// Awaits every ``Teardown`` step the test registered when it ends.
    public static var awaitsTeardown: AwaitsTeardown { AwaitsTeardown() }
}

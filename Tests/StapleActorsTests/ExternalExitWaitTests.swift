#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import StapleCore
import StapleTestSupport
@testable import StapleActors

/// The end of a real program is waited for, not polled: a thread blocked in `waitid` (the
/// child stays waitable for its owner) tells ``ExternalProcess/whenEnded(_:)``'s caller, and
/// ``ExternalServer/run()`` suspends on it. No bound on the time, other than the time limits.
@Suite(.awaitsTeardown) final class ExternalExitWaitTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "staplebench-exit-wait-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Waits for `process` through ``ExternalProcess/whenEnded(_:)``.
    static func ended(_ process: ExternalProcess) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.whenEnded { continuation.resume() }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aChildThatExitsByItselfIsSeenAndItsStatusLeftToItsOwner() async throws {
        let process = try ExternalProcess.spawn("/bin/sh", arguments: ["-c", "sleep 0.2; exit 3"],
                                                environment: ["PATH": "/usr/bin:/bin"], outputPath: folder + "/out.log")
        await Self.ended(process)
        // The waiting thread did not reap it: the owner's poll does, and gets the real status.
        #expect(process.poll() == .exited(3))
        #expect(!process.isRunning)
    }

    @Test(.timeLimit(.minutes(1)))
    func aChildReapedAlreadyEndsTheWaitAtOnce() async throws {
        let process = try ExternalProcess.spawn("/bin/sh", arguments: ["-c", "exit 0"],
                                                environment: ["PATH": "/usr/bin:/bin"], outputPath: folder + "/out.log")
        #expect(process.reapBlocking() == .exited(0))
        await Self.ended(process)
        #expect(process.poll() == .exited(0))
    }

    @Test(.timeLimit(.minutes(1)))
    func aSignalledChildIsSeenWithItsSignal() async throws {
        let process = try ExternalProcess.spawn("/bin/sleep", arguments: ["30"], environment: [:],
                                                outputPath: folder + "/out.log")
        process.signal(SIGTERM)
        await Self.ended(process)
        #expect(process.poll() == .signalled(SIGTERM))
    }

    @Test(.timeLimit(.minutes(1)))
    func waitForExitReturnsTheStatusOnceTheChildEnds() async throws {
        let process = try ExternalProcess.spawn("/bin/sh", arguments: ["-c", "sleep 0.2; exit 4"],
                                                environment: ["PATH": "/usr/bin:/bin"], outputPath: folder + "/out.log")
        #expect(await process.waitForExit(timeout: 30) == .exited(4))
    }

    @Test(.timeLimit(.minutes(1)))
    func waitForExitGivesUpAfterItsTimeout() async throws {
        let process = try ExternalProcess.spawn("/bin/sleep", arguments: ["30"], environment: [:],
                                                outputPath: folder + "/out.log")
        #expect(await process.waitForExit(timeout: 0.1) == nil)
        #expect(process.isRunning)
        process.killGroup()
        #expect(await process.waitForExit(timeout: 30) == .signalled(SIGKILL))
    }

    /// A stop from a cancelled task (a cancelled `run()`) must still wait out the grace period.
    @Test(.timeLimit(.minutes(1)))
    func aCancelledCallerStillWaitsForTheChild() async throws {
        let folder = self.folder
        let waiting = Task { () -> ExternalProcess.ExitStatus? in
            let process = try? ExternalProcess.spawn("/bin/sh", arguments: ["-c", "sleep 0.3; exit 5"],
                                                     environment: ["PATH": "/usr/bin:/bin"], outputPath: folder + "/out.log")
            withUnsafeCurrentTask { $0?.cancel() }
            return await process?.waitForExit(timeout: 30)
        }
        #expect(await waiting.value == .exited(5))
    }

    /// nginx asked to quit gracefully (SIGQUIT) ends by itself with exit code 0: `run()` sees it
    /// and says so, without a stop() from anyone.
    @Test(.enabled(if: ExternalTestFixture.nginxInstalled, ExternalTestFixture.nginxMissing), .timeLimit(.minutes(1)))
    func runReturnsOnceTheProgramEndsByItself() async throws {
        let fixture = try ExternalTestFixture(slot: 57)
        let server = ExternalServer(config: fixture.serverConfig(.nginx, responderURL: "http://127.0.0.1:9/"))
        Teardown.add { await server.stop() }
        let running = Task { try await server.run() }
        #expect(await ExternalTestFixture.eventually(timeout: 30) {
            if case .running = await server.state { return true }
            return false
        })
        let pid = try #require(await server.pid)
        kill(pid, SIGQUIT)
        do {
            try await running.value
            Issue.record("run() must throw when the program ends by itself")
        } catch let error as ExternalServerError {
            guard case .exitedWhileRunning(.nginx, let status, _) = error else { Issue.record("\(error)"); return }
            #expect(status == "exit code 0")
        }
        #expect(await server.state == .stopped)
        #expect(await server.pid == nil)
        #expect(ExternalProcessTests.members(of: pid) == [])
    }
}

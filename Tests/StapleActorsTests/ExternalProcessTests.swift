import Foundation
import Testing
import StapleCore
@testable import StapleActors

/// The child-process owner behind ExternalServer: its own process group, nothing inherited,
/// SIGKILL to the group when SIGTERM is ignored, nothing left behind when released.
@Suite final class ExternalProcessTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "staplebench-process-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The process group of `pid` from /proc, or nil when it is gone.
    static func processGroup(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state, ppid, pgrp.
        guard fields.count > 2, fields[0] != "Z" else { return nil }
        return Int32(fields[2])
    }

    /// The live processes whose group is `group`.
    static func members(of group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { processGroup(of: $0) == group }.sorted()
    }

    @Test func theChildLeadsItsOwnProcessGroupAndInheritsNoDescriptor() async throws {
        // A descriptor without close-on-exec, as SwiftNIO's sockets are.
        let leaked = open("/dev/null", O_RDONLY)
        #expect(leaked > 2)
        defer { close(leaked) }
        let output = folder + "/fds.log"
        let result = try await ExternalProcess.run("/bin/sh", arguments: ["-c", "ls /proc/$$/fd; echo pgid=$(cut -d' ' -f5 /proc/$$/stat)"],
                                                   environment: ["PATH": "/usr/bin:/bin"], outputPath: output, timeout: 10)
        #expect(result.status == .exited(0))
        let lines = result.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let descriptors = lines.compactMap { Int32($0) }
        #expect(!descriptors.contains(leaked), "the child inherited descriptor \(leaked): \(descriptors)")
        #expect(descriptors.allSatisfy { $0 <= 2 || $0 >= 10 }, "\(descriptors)")
        #expect(Set(descriptors).isSuperset(of: [0, 1, 2]))
        let pgid = lines.first { $0.hasPrefix("pgid=") }.flatMap { Int32($0.dropFirst(5).trimmingCharacters(in: .whitespaces)) }
        #expect(pgid != nil && pgid != getpgrp(), "the child must not share the test's process group")
    }

    @Test func aChildThatIgnoresSIGTERMIsKilledWithItsWholeGroup() async throws {
        // The shell ignores SIGTERM and starts a grandchild in its group.
        let process = try ExternalProcess.spawn("/bin/sh", arguments: ["-c", "trap '' TERM; sleep 30 & wait"],
                                                environment: ["PATH": "/usr/bin:/bin"], outputPath: folder + "/out.log")
        #expect(await ExternalTestFixture.eventually(timeout: 5) { Self.members(of: process.pid).count == 2 })
        let members = Self.members(of: process.pid)
        #expect(members.contains(process.pid))

        process.signal(SIGTERM)
        #expect(await process.waitForExit(timeout: 0.5) == nil, "the shell ignores SIGTERM")
        process.killGroup()
        #expect(await process.waitForExit(timeout: 5) == .signalled(SIGKILL))
        #expect(await ExternalTestFixture.eventually(timeout: 5) { Self.members(of: process.pid).isEmpty },
                "left behind: \(Self.members(of: process.pid))")
    }

    @Test func releasingARunningChildKillsAndReapsIt() async throws {
        var process: ExternalProcess? = try ExternalProcess.spawn("/bin/sleep", arguments: ["30"], environment: [:],
                                                                  outputPath: folder + "/out.log")
        let pid = process!.pid
        #expect(process!.isRunning)
        process = nil
        #expect(Self.processGroup(of: pid) == nil, "pid \(pid) still runs")
        var status: Int32 = 0
        #expect(waitpid(pid, &status, WNOHANG) == -1, "already reaped")
    }

    /// When StapleBench dies (SIGKILL: no code of ours runs), the kernel closes the watchdog's
    /// pipe: the watchdog then kills the child's whole group and removes the folder it was given.
    @Test func theWatchdogKillsTheGroupAndRemovesTheFolderWhenTheParentGoes() async throws {
        let keys = folder + "/keys"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        try "secret".write(toFile: keys + "/server.key", atomically: true, encoding: .utf8)
        let process = try ExternalProcess.spawn("/bin/sh", arguments: ["-c", "trap '' TERM; sleep 30 & wait"],
                                                environment: ["PATH": "/usr/bin:/bin"], outputPath: folder + "/out.log",
                                                diesWithParent: true, removing: keys)
        #expect(await ExternalTestFixture.eventually(timeout: 5) { Self.members(of: process.pid).count == 2 })
        let watchdog = try #require(process.closeWatchdogPipeAsIfThisProcessDied())
        #expect(Self.processGroup(of: watchdog) != process.pid, "the watchdog is not in the child's group")
        #expect(await ExternalTestFixture.eventually(timeout: 10) { Self.members(of: process.pid).isEmpty },
                "left behind: \(Self.members(of: process.pid))")
        #expect(await process.waitForExit(timeout: 5) == .signalled(SIGKILL))
        #expect(await ExternalTestFixture.eventually(timeout: 10) { !FileManager.default.fileExists(atPath: keys) })
        var status: Int32 = 0
        #expect(await ExternalTestFixture.eventually(timeout: 10) { waitpid(watchdog, &status, WNOHANG) == watchdog })
    }

    /// A normal stop dismisses the watchdog first: it is gone and has removed nothing.
    @Test func aNormalStopEndsTheWatchdogWithoutRemovingTheFolder() async throws {
        let keys = folder + "/kept"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        let process = try ExternalProcess.spawn("/bin/sleep", arguments: ["30"], environment: [:],
                                                outputPath: folder + "/out.log", diesWithParent: true, removing: keys)
        let watchdog = try #require(process.watchdogPID)
        #expect(Self.processGroup(of: watchdog) == watchdog, "the watchdog leads its own group")
        process.killGroup()
        #expect(process.watchdogPID == nil)
        // Killed at once, reaped on a thread of its own: no process and no zombie is left.
        #expect(await ExternalTestFixture.eventually(timeout: 10) { !FileManager.default.fileExists(atPath: "/proc/\(watchdog)") },
                "the watchdog \(watchdog) still runs or was never reaped")
        #expect(await process.waitForExit(timeout: 5) == .signalled(SIGKILL))
        #expect(FileManager.default.fileExists(atPath: keys))
    }

    @Test func aProgramThatCannotStartIsAClearError() {
        #expect(throws: ExternalServerError.spawnFailed(program: folder + "/nothing", reason: "No such file or directory")) {
            _ = try ExternalProcess.spawn(folder + "/nothing", arguments: [], environment: [:], outputPath: folder + "/o.log")
        }
    }

    @Test func exitStatusesReadLikeShellStatuses() {
        #expect(ExternalProcess.ExitStatus(waitStatus: 0x0100).description == "exit code 1")
        #expect(ExternalProcess.ExitStatus(waitStatus: 9).description == "signal 9 (SIGKILL)")
        #expect(ExternalProcess.ExitStatus(waitStatus: 0) == .exited(0))
    }
}

#if canImport(Glibc)
import Glibc
import Foundation
#endif
import StapleCore

/// One child process StapleBench started (a real server, or its configuration check),
/// owned by this object: only it is ever signalled, by its PID, and its process group.
///
/// The child is started with `posix_spawn` in a new process group whose ID is its PID, with
/// a clean signal mask and default signal handlers, standard input from `/dev/null` (or a file),
/// standard output and error appended to a log file, and every other inherited descriptor
/// closed (SwiftNIO's sockets are not close-on-exec; a server that inherited the responder's
/// listening socket would keep it open through a `refuse` outage).
///
/// Not `Sendable`: its owner (an actor) uses it from one place at a time. If it is released
/// while the child still runs, `deinit` kills the child's process group and reaps the child,
/// so a failed test never leaves a server behind.
///
/// A child that must not outlive StapleBench (a server: `diesWithParent`) gets a watchdog: a
/// `/bin/sh` in its own process group, reading a pipe whose only writer is this process. When
/// this process ends in any way — SIGKILL included, when no code of ours runs — the kernel
/// closes the pipe, the watchdog reads end-of-file and kills the child's process group (nginx's
/// master and its workers; `PR_SET_PDEATHSIG` would reach the master alone), then removes the
/// folder it was given (the server's configuration and private key). On a normal stop the
/// watchdog is killed first, so it never signals a group after the child was reaped.
final class ExternalProcess {
    /// How a child ended.
    enum ExitStatus: Hashable, Sendable, CustomStringConvertible {
        /// It exited with a code.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)
        /// Someone else reaped it; the status is unknown.
        case unknown

        /// `exit code 1`, `signal 9 (SIGKILL)`.
        var description: String {
            switch self {
            case .exited(let code): "exit code \(code)"
            case .signalled(let signal): "signal \(signal)\(ExitStatus.signalNames[signal].map { " (\($0))" } ?? "")"
            case .unknown: "exit status unknown"
            }
        }

        static let signalNames: [Int32: String] = [SIGTERM: "SIGTERM", SIGKILL: "SIGKILL", SIGQUIT: "SIGQUIT",
                                                    SIGINT: "SIGINT", SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT"]

        init(waitStatus status: Int32) {
            let signal = status & 0x7F
            self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
        }
    }

    /// The child's PID (also its process group's ID).
    let pid: pid_t
    /// The program that runs.
    let program: String
    private(set) var status: ExitStatus?
    /// The watchdog's PID and the write end of its pipe, when the child dies with this process.
    private var watchdog: (pid: pid_t, pipe: Int32)?

    private init(pid: pid_t, program: String) {
        self.pid = pid
        self.program = program
    }

    /// Starts `program` with `arguments`; its output is appended to `outputPath`, its standard
    /// input read from `inputPath`. With `diesWithParent`, a watchdog kills the child's group
    /// (and removes `removing`, a folder) if this process ends without stopping it.
    static func spawn(_ program: String, arguments: [String], environment: [String: String],
                      outputPath: String, inputPath: String = "/dev/null", diesWithParent: Bool = false,
                      removing folder: String? = nil) throws(ExternalServerError) -> ExternalProcess {
        let process = ExternalProcess(pid: try spawnChild(program, arguments: arguments, environment: environment,
                                                          outputPath: outputPath, standardInput: nil, inputPath: inputPath),
                                      program: program)
        if diesWithParent {
            do {
                process.watchdog = try startWatchdog(group: process.pid, removing: folder)
            } catch {
                process.killGroup()
                _ = process.reapBlocking()
                throw error
            }
        }
        return process
    }

    /// The watchdog's script: wait for end-of-file, then kill the group and remove the folder.
    static let watchdogScript = #"cat >/dev/null; kill -KILL -"$1" 2>/dev/null; [ -n "$2" ] && rm -rf -- "$2"; exit 0"#

    /// Starts a watchdog for process group `group`; returns its PID and the pipe's write end.
    private static func startWatchdog(group: pid_t, removing folder: String?) throws(ExternalServerError) -> (pid: pid_t, pipe: Int32) {
        var ends: [Int32] = [-1, -1]
        // Close-on-exec right away (Glibc's module does not offer pipe2); every child we spawn
        // also closes every descriptor from 3 up, so no other child holds the write end.
        guard pipe(&ends) == 0 else {
            throw .spawnFailed(program: "/bin/sh (watchdog)", reason: String(cString: strerror(errno)))
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        defer { close(ends[0]) }
        do {
            // A bare PID, not an ExternalProcess: that one's deinit would kill the watchdog at once.
            let watchdog = try spawnChild("/bin/sh", arguments: ["-c", watchdogScript, "watchdog", "\(group)", folder ?? ""],
                                          environment: ["PATH": "/usr/bin:/bin"], outputPath: "/dev/null",
                                          standardInput: ends[0])
            return (watchdog, ends[1])
        } catch {
            close(ends[1])
            throw error
        }
    }

    /// Ends the watchdog (by its PID) before the child is stopped or reaped, and reaps it on a
    /// thread of its own (however short the wait after a SIGKILL usually is).
    private func dismissWatchdog() {
        guard let watchdog else { return }
        self.watchdog = nil
        kill(watchdog.pid, SIGKILL)
        close(watchdog.pipe)
        ExternalProcess.waitOnOwnThread(for: watchdog.pid, reap: true)
    }

    /// Blocks a thread of its own until child `pid` has ended, then calls `then`: a blocking
    /// wait must not hold a thread of Swift's cooperative pool. With `reap` the child is reaped;
    /// without, it stays waitable (`waitid` with `WNOWAIT`) so that its owner's ``poll()`` reaps
    /// it and keeps its status. A child already reaped ends the wait at once (`ECHILD`).
    private static func waitOnOwnThread(for pid: pid_t, reap: Bool, then: @escaping @Sendable () -> Void = {}) {
        Thread.detachNewThread {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | (reap ? 0 : WNOWAIT)) < 0 && errno == EINTR {}
            then()
        }
    }

    /// Calls `body` (on a thread of its own) once the child has ended, without polling and
    /// without reaping it: ``poll()`` then returns its status. At once if it was reaped already.
    func whenEnded(_ body: @escaping @Sendable () -> Void) {
        if status != nil {
            body()
            return
        }
        ExternalProcess.waitOnOwnThread(for: pid, reap: false, then: body)
    }

    /// The watchdog's PID while it watches.
    var watchdogPID: pid_t? { watchdog?.pid }

    /// What the kernel does when this process dies: closes the watchdog's pipe. For tests.
    func closeWatchdogPipeAsIfThisProcessDied() -> pid_t? {
        guard let watchdog else { return nil }
        self.watchdog = nil
        close(watchdog.pipe)
        return watchdog.pid
    }

    /// Starts one child in its own process group, standard input from `standardInput` (a
    /// descriptor) or the file `inputPath`; returns its PID.
    private static func spawnChild(_ program: String, arguments: [String], environment: [String: String],
                                   outputPath: String, standardInput: Int32?,
                                   inputPath: String = "/dev/null") throws(ExternalServerError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let standardInput {
            posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<Int32(32) where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw .spawnFailed(program: program, reason: String(cString: strerror(result)))
        }
        return pid
    }

    /// Runs `program` to its end (bounded by `timeout`), returning its status and output; its
    /// standard input from `inputPath`, and with `diesWithParent` a watchdog (see `spawn`).
    static func run(_ program: String, arguments: [String], environment: [String: String], outputPath: String,
                    timeout: Double, inputPath: String = "/dev/null", diesWithParent: Bool = false,
                    isolation: isolated (any Actor)? = #isolation) async throws(ExternalServerError) -> (status: ExitStatus, output: String) {
        _ = ExternalFiles.truncate(outputPath)
        let process = try spawn(program, arguments: arguments, environment: environment, outputPath: outputPath,
                                inputPath: inputPath, diesWithParent: diesWithParent)
        let status = await process.waitForExit(timeout: timeout) ?? {
            process.killGroup()
            return process.reapBlocking()
        }()
        return (status, ExternalFiles.read(outputPath) ?? "")
    }

    /// Whether the child still runs (reaps it when it has ended).
    var isRunning: Bool { poll() == nil }

    /// Reaps the child if it ended; its status, or nil while it runs.
    @discardableResult
    func poll() -> ExitStatus? {
        if let status { return status }
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, WNOHANG)
        if result == pid {
            status = ExitStatus(waitStatus: raw)
        } else if result < 0 && errno == ECHILD {
            status = .unknown
        }
        // Reaped with nothing left in its group: the group's ID may be reused, so the watchdog goes.
        if status != nil, !groupAlive { dismissWatchdog() }
        return status
    }

    /// Suspends until the child ended (told by ``whenEnded(_:)``, not polled) or `timeout`
    /// seconds passed; its status, or nil while it runs. The caller's cancellation does not cut
    /// the wait short: a stop made from a cancelled task still gives the child its grace period.
    func waitForExit(timeout: Double, isolation: isolated (any Actor)? = #isolation) async -> ExitStatus? {
        if let status = poll() { return status }
        let ended = StopSignal()
        whenEnded { ended.fire() }
        // Unstructured tasks: they do not inherit the caller's cancellation.
        let timer = Task {
            try? await Task.sleep(for: .seconds(min(max(0, timeout), 86_400)))
            ended.fire()
        }
        await Task { await ended.wait() }.value
        timer.cancel()
        return poll()
    }

    /// Sends `signal` to the child alone (not once it has been reaped: its PID may be reused).
    func signal(_ signal: Int32) {
        guard poll() == nil, pid > 1 else { return }
        kill(pid, signal)
    }

    /// Whether any live process is left in the child's process group (its workers, say).
    /// Zombies waiting for their new parent to reap them do not count.
    var groupAlive: Bool {
        guard pid > 1, kill(-pid, 0) == 0 else { return false }
        guard let members = ExternalProcess.liveMembers(ofGroup: pid) else { return true }
        return !members.isEmpty
    }

    /// The processes in process group `group` that are not zombies, from /proc (nil without /proc).
    static func liveMembers(ofGroup group: pid_t) -> [pid_t]? {
        guard let directory = opendir("/proc") else { return nil }
        defer { closedir(directory) }
        var members: [pid_t] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard let candidate = pid_t(name), let stat = ExternalFiles.read("/proc/\(name)/stat"),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After the command in parentheses: state, ppid, pgrp.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, fields[0] != "Z", pid_t(fields[2]) == group { members.append(candidate) }
        }
        return members
    }

    /// Sends SIGKILL to the child's process group: the child and everything it started that
    /// kept its group. The group's ID stays taken while any member lives, so this reaches
    /// only processes this object started (or their children), even after the child was reaped.
    func killGroup() {
        guard pid > 1 else { return }
        dismissWatchdog()
        kill(-pid, SIGKILL)
    }

    /// Waits for the child without a bound (only after SIGKILL).
    func reapBlocking() -> ExitStatus {
        dismissWatchdog()
        if let status { return status }
        var raw: Int32 = 0
        while true {
            let result = waitpid(pid, &raw, 0)
            if result == pid { status = ExitStatus(waitStatus: raw); break }
            if result < 0 && errno != EINTR { status = .unknown; break }
        }
        return status!
    }

    deinit {
        dismissWatchdog()
        if poll() == nil {
            killGroup()
            _ = reapBlocking()
        } else if groupAlive {
            killGroup()
        }
    }

    /// Closes every descriptor from 3 up in the child: glibc's
    /// `posix_spawn_file_actions_addclosefrom_np` (2.34+) when present, else one close per
    /// possible descriptor.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, 3) == 0 { return }
        }
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        let highest = Int32(clamping: min(limit.rlim_cur, 65_536))
        for descriptor in 3..<max(highest, 4) {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }
}

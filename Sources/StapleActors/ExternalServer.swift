#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import StapleCore

/// A real nginx or Apache httpd as the server actor: StapleBench writes its private
/// configuration from the scenario's levers, checks it with the program's own `-t`, runs
/// it in the foreground as a child process, and stops it by its PID.
///
/// ```swift
/// let server = ExternalServer(config: ExternalServerConfig(kind: .nginx, host: "127.0.0.20",
///     sites: [.pki(pkiDir, host: "example.com")], responderURL: "http://127.0.0.30:8080/",
///     trustedCertificatePath: pkiDir + "/ca.pem", workingDirectory: dir))
/// let address = try await server.start()   // 127.0.0.20:<free port>
/// …
/// await server.stop()
/// ```
///
/// It never signals anything but the process it started: SIGTERM to that PID, then, after
/// ``ExternalServerConfig/stopGrace``, SIGKILL to its process group (a group of its own,
/// whose ID is that PID: the master or parent and its workers). See ``ExternalServerConfig``
/// for how the real servers' stapling differs from the built-in policies.
public actor ExternalServer {
    /// The server's life.
    public enum State: Sendable, Equatable {
        /// Not started.
        case initial
        /// Accepting connections.
        case running(SocketAddress)
        /// Stopped (it cannot be started again).
        case stopped
    }

    /// Where it stands.
    public private(set) var state: State = .initial
    /// The levers as given.
    public nonisolated let config: ExternalServerConfig
    /// The levers as written, with the port picked (set by ``start()``).
    public private(set) var writtenConfig: ExternalServerConfig?
    private var process: ExternalProcess?
    /// The start in progress: a second `start()` (or a `stop()`) waits for it, the actor being reentrant.
    private var starting: Task<SocketAddress, any Error>?
    /// What ``run()`` waits on: fired when the program ends by itself (seen by a thread blocked
    /// in `waitid`, ``ExternalProcess/whenEnded(_:)``) and when ``stop()`` ends it.
    private let ended = StopSignal()

    /// Makes a server; nothing runs before ``start()``.
    public init(config: ExternalServerConfig) {
        self.config = config
    }

    /// The files in its working folder.
    public nonisolated var paths: ExternalServerPaths { config.paths }

    /// The PID of the process it started (nginx's master, Apache's parent), while it runs.
    public var pid: Int32? { process?.pid }

    /// The error log as it stands.
    public nonisolated func errorLog() -> String { ExternalFiles.read(paths.errorLog) ?? "" }

    /// The requests in the access log so far: which client asked for which hostname.
    public nonisolated func accessLog() -> [ExternalAccessLogEntry] {
        ExternalAccessLogEntry.parse(ExternalFiles.read(paths.accessLog) ?? "")
    }

    /// Writes and checks the configuration, starts the program, and returns once its port
    /// accepts connections.
    ///
    /// Ready means: the program wrote its pid file (both do once their sockets are bound) and
    /// the port accepts a TCP connection, within ``ExternalServerConfig/startTimeout``.
    ///
    /// Throws ``ExternalServerError``: `programMissing` (with the `apt-get install` line),
    /// `invalidConfig`, `configRejected` (with the program's own words) — the state stays
    /// `initial`; `exitedEarly` and `notListening` (with the end of its error log) — the
    /// program was started and is stopped again, the state is `stopped`.
    @discardableResult
    public func start() async throws -> SocketAddress {
        switch state {
        case .running(let address): return address
        case .stopped: throw ExternalServerError.alreadyStopped(kind: config.kind)
        case .initial: break
        }
        if let starting { return try await starting.value }
        let task = Task { try await self.startOnce() }
        starting = task
        defer { starting = nil }
        return try await task.value
    }

    private func startOnce() async throws -> SocketAddress {
        try config.validate()
        let program = try ExternalProgram.locate(config.kind, searchPath: config.programSearchPath)
        try ExternalProgram.checkPackageFiles(config.kind, apacheModules: config.apacheModules)

        var written = config
        if written.port == 0 { written.port = try ExternalPortProbe.freePort(host: config.host) }
        try prepareWorkingDirectory(written)
        let environment = self.environment(written)

        let check = try await ExternalProcess.run(program, arguments: checkArguments, environment: environment,
                                                  outputPath: paths.checkLog, timeout: 30)
        guard check.status == .exited(0) else {
            throw ExternalServerError.configRejected(
                kind: config.kind, configFile: paths.configFile,
                output: check.output.isEmpty ? "(\(check.status), no output)" : check.output)
        }

        _ = ExternalFiles.truncate(paths.outputLog)
        unlink(paths.pidFile)
        let process = try ExternalProcess.spawn(program, arguments: runArguments, environment: environment,
                                                outputPath: paths.outputLog, diesWithParent: true,
                                                removing: config.removedIfAbandoned)
        self.process = process
        writtenConfig = written
        let address = try SocketAddress(ipAddress: written.host, port: written.port)
        do {
            try await waitUntilListening(process, host: written.host, port: written.port)
        } catch {
            await terminate()
            throw error
        }
        state = .running(address)
        return address
    }

    /// Starts if needed, runs until the task is cancelled, then stops; throws
    /// ``ExternalServerError/exitedWhileRunning(kind:status:logTail:)`` if the program dies first.
    public func run() async throws {
        try await start()
        if let process {
            let ended = self.ended
            process.whenEnded { ended.fire() }
        }
        // Suspended, not polling, until the program ends, a stop() ends it or the task is cancelled.
        await ended.wait()
        // Still ours, and ended: it died by itself (a stop() would have taken the process).
        if let process, let status = process.poll() {
            let tail = logTail()
            await stop()
            throw ExternalServerError.exitedWhileRunning(kind: config.kind, status: status.description, logTail: tail)
        }
        await stop()
    }

    /// Stops it: SIGTERM to its PID, SIGKILL to its process group after the grace period,
    /// and waits for it. Leftover workers of its group are killed too.
    public func stop() async {
        if let starting { _ = try? await starting.value }
        await terminate()
    }

    /// Ends the process (if any) and marks the server stopped.
    private func terminate() async {
        defer {
            state = .stopped
            ended.fire()
        }
        guard let process else { return }
        self.process = nil
        if process.poll() != nil {
            // It died on its own: whatever is left of its group (nginx workers) has no master.
            if process.groupAlive { process.killGroup() }
            return
        }
        process.signal(SIGTERM)
        if await process.waitForExit(timeout: config.stopGrace.seconds) == nil {
            process.killGroup()
            _ = await process.waitForExit(timeout: 5)
        }
        // The master or parent waits for its workers before it exits; give stragglers a moment.
        let deadline = Instant.now().adding(seconds: 2)
        while process.groupAlive && Instant.now() < deadline {
            // Workers are not our children (no waitid): look again in 20 ms. In an unstructured
            // task, so that a stop() from a cancelled task sleeps too instead of spinning.
            await Task { try? await Task.sleep(nanoseconds: 20_000_000) }.value
        }
        if process.groupAlive { process.killGroup() }
    }

    // MARK: - Steps

    private var runArguments: [String] {
        switch config.kind {
        case .nginx: NginxConfigWriter.runArguments(paths)
        case .apache: ApacheConfigWriter.runArguments(paths)
        }
    }

    private var checkArguments: [String] {
        switch config.kind {
        case .nginx: NginxConfigWriter.checkArguments(paths)
        case .apache: ApacheConfigWriter.checkArguments(paths)
        }
    }

    private func environment(_ written: ExternalServerConfig) -> [String: String] {
        var environment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C"]
        if written.kind == .apache {
            environment.merge(ApacheConfigWriter.environment(written)) { _, new in new }
        }
        return environment
    }

    private func prepareWorkingDirectory(_ written: ExternalServerConfig) throws(ExternalServerError) {
        for folder in paths.folders { try ExternalFiles.makeDirectory(folder) }
        let text: String
        switch written.kind {
        case .nginx:
            text = NginxConfigWriter.text(for: written)
        case .apache:
            text = ApacheConfigWriter.text(for: written)
            try ExternalFiles.write(ExternalServerPaths.body, to: "\(paths.documentRoot)/\(paths.indexFileName)")
            // Apache's children serve the document root as `user`: every folder on the way must let them in.
            if geteuid() == 0, written.user != "root",
               let blocked = ExternalFiles.firstUnsearchableAncestor(of: paths.documentRoot) {
                throw .workingDirectory(
                    path: paths.root,
                    reason: "Apache's children run as \(written.user) and cannot enter \(blocked.path) (mode "
                        + "\(String(blocked.mode, radix: 8))); make it searchable (chmod o+x \(blocked.path)) "
                        + "or put the working folder elsewhere")
            }
        }
        try ExternalFiles.write(text, to: paths.configFile)
        for log in [paths.errorLog, paths.accessLog] where !ExternalFiles.truncate(log) {
            throw .workingDirectory(path: log, reason: String(cString: strerror(errno)))
        }
    }

    private func waitUntilListening(_ process: ExternalProcess, host: String, port: Int) async throws(ExternalServerError) {
        let started = Instant.now()
        let deadline = started.adding(seconds: config.startTimeout.seconds)
        while true {
            if let status = process.poll() {
                throw .exitedEarly(kind: config.kind, status: status.description, logTail: logTail())
            }
            // Ready when the program wrote its pid file (nginx and Apache do so once their
            // sockets are bound) and the port accepts: an open port alone could be someone else's.
            if writtenPID() == process.pid, ExternalPortProbe.accepts(host: host, port: port, timeout: 0.2) {
                if let status = process.poll() {
                    throw .exitedEarly(kind: config.kind, status: status.description, logTail: logTail())
                }
                return
            }
            if Instant.now() >= deadline {
                throw .notListening(kind: config.kind, address: "\(host):\(port)",
                                    waitedSeconds: (Instant.now().milliseconds(since: started) / 10).rounded() / 100,
                                    logTail: logTail())
            }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    /// The PID in the pid file, if it holds one.
    private func writtenPID() -> Int32? {
        ExternalFiles.read(paths.pidFile).flatMap { Int32($0.filter { !$0.isWhitespace }) }
    }

    private func logTail() -> String {
        ExternalFiles.tail([paths.errorLog, paths.outputLog])
    }
}

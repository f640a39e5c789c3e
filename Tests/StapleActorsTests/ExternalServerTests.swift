import Foundation
import NIOCore
import NIOPosix
import Testing
import StapleCore
@testable import StapleActors

/// ExternalServer's life and errors: missing programs, bad levers, rejected configurations,
/// early exits, and a stop that leaves no process behind.
@Suite struct ExternalServerTests {
    static let nowhere = ["/nonexistent-staplebench-bin"]

    // MARK: - Missing programs (run everywhere)

    @Test(arguments: ExternalServerKind.allCases)
    func aMissingProgramSaysWhichDebianPackageToInstall(kind: ExternalServerKind) throws {
        #expect(throws: ExternalServerError.programMissing(kind: kind, searched: Self.nowhere)) {
            _ = try ExternalProgram.locate(kind, searchPath: Self.nowhere)
        }
        let text = ExternalServerError.programMissing(kind: kind, searched: Self.nowhere).description
        #expect(text.contains("no executable `\(kind.programName)` in /nonexistent-staplebench-bin"))
        #expect(text.contains(kind == .nginx ? "`apt-get install -y nginx-light`" : "`apt-get install -y apache2`"), "\(text)")
        #expect(!ExternalProgram.isInstalled(kind, searchPath: Self.nowhere))
    }

    @Test(arguments: ExternalServerKind.allCases)
    func startingAMissingProgramThrowsBeforeWritingAnything(kind: ExternalServerKind) async throws {
        let fixture = try ExternalTestFixture(slot: kind == .nginx ? 40 : 41)
        var config = fixture.serverConfig(kind, responderURL: "http://127.0.0.1:9/")
        config.programSearchPath = Self.nowhere
        let server = ExternalServer(config: config)
        await #expect(throws: ExternalServerError.programMissing(kind: kind, searched: Self.nowhere)) {
            try await server.start()
        }
        #expect(await server.state == .initial)
        #expect(!FileManager.default.fileExists(atPath: config.workingDirectory))
    }

    @Test func aMissingApacheModuleSaysToInstallApache() {
        #expect(throws: ExternalServerError.packageFileMissing(kind: .apache, path: "/nonexistent/mod_mpm_event.so")) {
            try ExternalProgram.checkPackageFiles(.apache, apacheModules: "/nonexistent")
        }
        let text = ExternalServerError.packageFileMissing(kind: .apache, path: "/x/mod_ssl.so").description
        #expect(text == "Apache httpd is incomplete: /x/mod_ssl.so is missing. Install (or reinstall) it with `apt-get install -y apache2`.")
    }

    // MARK: - Levers

    @Test func leversAreCheckedBeforeAnythingRuns() throws {
        let base = ExternalServerConfig(kind: .nginx, host: "127.0.0.20", sites: [.pki("/srv/pki", host: "example.com")],
                                        workingDirectory: "/srv/work")
        try base.validate()
        func field(_ change: (inout ExternalServerConfig) -> Void) -> String? {
            var config = base
            change(&config)
            do {
                try config.validate()
                return nil
            } catch {
                guard case .invalidConfig(let field, _) = error else { return "\(error)" }
                return field
            }
        }
        #expect(field { $0.host = "10.0.0.1" } == "host")
        #expect(field { $0.host = "localhost" } == "host")
        #expect(field { $0.port = 70_000 } == "port")
        #expect(field { $0.sites = [] } == "sites")
        #expect(field { $0.sites.append(.pki("/srv/pki", host: "example.com")) } == "sites.hostname")
        #expect(field { $0.sites = [.init(hostname: "a b", certificatePath: "/a", keyPath: "/b")] } == "sites.hostname")
        #expect(field { $0.sites = [.init(hostname: "a", certificatePath: "relative.pem", keyPath: "/b")] } == "sites.certificatePath")
        #expect(field { $0.sites = [.init(hostname: "a", certificatePath: "/a", keyPath: "/my key")] } == "sites.keyPath")
        #expect(field { $0.responderURL = "https://127.0.0.1/" } == "responderURL")
        #expect(field { $0.trustedCertificatePath = "/x;y" } == "trustedCertificatePath")
        #expect(field { $0.workers = 0 } == "workers")
        #expect(field { $0.resolver = "8.8.8.8:53" } == "resolver")
        #expect(field { $0.resolver = "127.0.0.53" } == "resolver")
        #expect(field { $0.responderTimeout = .zero } == "responderTimeout")
        #expect(field { $0.stapleCacheBytes = 100 } == "stapleCacheBytes")
        #expect(field { $0.workingDirectory = "work" } == "workingDirectory")
        #expect(field { $0.user = "www data" } == "user")
        let text = ExternalServerError.invalidConfig(field: "host", reason: "x").description
        #expect(text == "external server config, field host: x")
    }

    @Test func aServerWithBadLeversDoesNotStart() async throws {
        let server = ExternalServer(config: ExternalServerConfig(kind: .nginx, host: "192.168.1.1", sites: [],
                                                                 workingDirectory: "/tmp/never"))
        do {
            try await server.start()
            Issue.record("expected invalidConfig")
        } catch let error as ExternalServerError {
            guard case .invalidConfig(let field, let reason) = error else { Issue.record("\(error)"); return }
            #expect(field == "host")
            #expect(reason.contains("127.0.0.0/8"))
        }
        #expect(await server.state == .initial)
    }

    // MARK: - Real programs

    @Test(.enabled(if: ExternalTestFixture.nginxInstalled, ExternalTestFixture.nginxMissing))
    func nginxRejectingItsConfigurationIsReportedInItsOwnWords() async throws {
        try await rejectedConfiguration(.nginx, expect: "cannot load certificate")
    }

    @Test(.enabled(if: ExternalTestFixture.apacheInstalled, ExternalTestFixture.apacheMissing))
    func apacheRejectingItsConfigurationIsReportedInItsOwnWords() async throws {
        try await rejectedConfiguration(.apache, expect: "SSLCertificateFile")
    }

    private func rejectedConfiguration(_ kind: ExternalServerKind, expect words: String) async throws {
        let fixture = try ExternalTestFixture(slot: kind == .nginx ? 42 : 43)
        var config = fixture.serverConfig(kind, responderURL: "http://127.0.0.1:9/")
        config.sites[0].certificatePath = fixture.folder + "/missing.pem"
        let server = ExternalServer(config: config)
        do {
            try await server.start()
            Issue.record("expected configRejected")
            await server.stop()
        } catch let error as ExternalServerError {
            guard case .configRejected(let errorKind, let file, let output) = error else { Issue.record("\(error)"); return }
            #expect(errorKind == kind)
            #expect(file == config.paths.configFile)
            #expect(output.contains(words), "\(output)")
            #expect(output.contains(fixture.folder + "/missing.pem"), "\(output)")
        }
        #expect(await server.pid == nil)
    }

    @Test(.enabled(if: ExternalTestFixture.nginxInstalled, ExternalTestFixture.nginxMissing))
    func nginxExitingEarlyShowsTheEndOfItsErrorLog() async throws {
        try await earlyExit(.nginx, expect: "Address already in use")
    }

    @Test(.enabled(if: ExternalTestFixture.apacheInstalled, ExternalTestFixture.apacheMissing))
    func apacheExitingEarlyShowsTheEndOfItsErrorLog() async throws {
        try await earlyExit(.apache, expect: "Address already in use")
    }

    /// The port is taken: the configuration check passes (it binds nothing), the server exits.
    private func earlyExit(_ kind: ExternalServerKind, expect words: String) async throws {
        let fixture = try ExternalTestFixture(slot: kind == .nginx ? 44 : 45)
        let squatter = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: fixture.serverHost, port: 0).get()
        defer { squatter.close(promise: nil) }
        var config = fixture.serverConfig(kind, responderURL: "http://127.0.0.1:9/")
        config.port = squatter.localAddress!.port!
        let server = ExternalServer(config: config)
        do {
            try await server.start()
            Issue.record("expected exitedEarly")
            await server.stop()
        } catch let error as ExternalServerError {
            guard case .exitedEarly(let errorKind, let status, let tail) = error else { Issue.record("\(error)"); return }
            #expect(errorKind == kind)
            #expect(status.hasPrefix("exit code") && status != "exit code 0", "\(status)")
            #expect(tail.contains(words), "\(tail)")
            #expect(error.description.contains("exited before it accepted connections"))
        }
        #expect(await server.state == .stopped)
    }

    @Test(.enabled(if: ExternalTestFixture.nginxInstalled, ExternalTestFixture.nginxMissing))
    func stoppingNginxEndsTheMasterAndEveryWorker() async throws {
        try await stopLeavesNothing(.nginx, workers: 2, expectedProcesses: 3)
    }

    @Test(.enabled(if: ExternalTestFixture.apacheInstalled, ExternalTestFixture.apacheMissing))
    func stoppingApacheEndsTheParentAndEveryChild() async throws {
        try await stopLeavesNothing(.apache, workers: 2, expectedProcesses: 3)
    }

    private func stopLeavesNothing(_ kind: ExternalServerKind, workers: Int, expectedProcesses: Int) async throws {
        let fixture = try ExternalTestFixture(slot: kind == .nginx ? 46 : 47)
        var config = fixture.serverConfig(kind, responderURL: "http://127.0.0.1:9/")
        config.workers = workers
        let server = ExternalServer(config: config)
        let address = try await server.start()
        #expect(await server.state == .running(address))
        #expect(address.ipAddress == fixture.serverHost)
        let pid = try #require(await server.pid)
        // The pid file the program wrote names the process we started.
        #expect(await ExternalTestFixture.eventually(timeout: 5) {
            (try? String(contentsOfFile: config.paths.pidFile, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) == "\(pid)"
        })
        #expect(await ExternalTestFixture.eventually(timeout: 5) {
            ExternalProcessTests.members(of: pid).count >= expectedProcesses
        }, "\(ExternalProcessTests.members(of: pid))")
        let members = ExternalProcessTests.members(of: pid)
        #expect(try await fixture.probe(address).response.hasSuffix("ok"))

        await server.stop()
        #expect(await server.state == .stopped)
        #expect(await server.pid == nil)
        for member in members {
            #expect(ExternalProcessTests.processGroup(of: member) == nil, "process \(member) outlived stop()")
        }
        #expect(!ExternalPortProbe.accepts(host: fixture.serverHost, port: address.port!))
        await #expect(throws: ExternalServerError.alreadyStopped(kind: kind)) { try await server.start() }
    }

    @Test(.enabled(if: ExternalTestFixture.nginxInstalled, ExternalTestFixture.nginxMissing))
    func concurrentStartsShareOneProcess() async throws {
        let fixture = try ExternalTestFixture(slot: 52)
        let server = ExternalServer(config: fixture.serverConfig(.nginx, responderURL: "http://127.0.0.1:9/"))
        async let first = server.start()
        async let second = server.start()
        let addresses = try await [first, second]
        #expect(addresses[0] == addresses[1])
        let pid = try #require(await server.pid)
        // One master (and its one worker), no second nginx fighting for the port.
        #expect(await ExternalTestFixture.eventually(timeout: 5) { ExternalProcessTests.members(of: pid).count == 2 })
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(ExternalProcessTests.members(of: pid).count == 2)
        #expect(server.errorLog().components(separatedBy: "start worker processes").count == 2)
        await server.stop()
    }

    /// If the master dies (here: SIGKILL, which it cannot pass on), `run()` says so and the
    /// orphaned workers of its process group are killed too.
    @Test(.enabled(if: ExternalTestFixture.nginxInstalled, ExternalTestFixture.nginxMissing))
    func aMasterThatDiesEndsRunAndTakesItsOrphanedWorkersAlong() async throws {
        let fixture = try ExternalTestFixture(slot: 51)
        var config = fixture.serverConfig(.nginx, responderURL: "http://127.0.0.1:9/")
        config.workers = 2
        let server = ExternalServer(config: config)
        let running = Task { try await server.run() }
        #expect(await ExternalTestFixture.eventually(timeout: 30) {
            let state = await server.state
            return state != .initial && state != .stopped
        })
        let pid = try #require(await server.pid)
        #expect(await ExternalTestFixture.eventually(timeout: 20) { ExternalProcessTests.members(of: pid).count == 3 })
        let workers = ExternalProcessTests.members(of: pid).filter { $0 != pid }
        kill(pid, SIGKILL)
        do {
            try await running.value
            Issue.record("run() must throw when the program dies")
        } catch let error as ExternalServerError {
            guard case .exitedWhileRunning(.nginx, let status, _) = error else { Issue.record("\(error)"); return }
            #expect(status == "signal 9 (SIGKILL)")
        }
        #expect(await server.state == .stopped)
        for worker in workers {
            #expect(ExternalProcessTests.processGroup(of: worker) == nil, "worker \(worker) outlived its master")
        }
    }

    @Test(.enabled(if: ExternalTestFixture.apacheInstalled && geteuid() == 0, "needs Apache and root"))
    func apacheRefusesAWorkingFolderItsChildrenCannotEnter() async throws {
        let fixture = try ExternalTestFixture(slot: 48)
        let closed = fixture.folder + "/closed"
        try FileManager.default.createDirectory(atPath: closed, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        var config = fixture.serverConfig(.apache, responderURL: "http://127.0.0.1:9/")
        config.workingDirectory = closed + "/server"
        let server = ExternalServer(config: config)
        do {
            try await server.start()
            Issue.record("expected a working folder error")
            await server.stop()
        } catch let error as ExternalServerError {
            guard case .workingDirectory(_, let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("run as www-data and cannot enter \(closed) (mode 700)"), "\(reason)")
            #expect(reason.contains("chmod o+x \(closed)"))
        }
    }

    // MARK: - Access log

    @Test func accessLogLinesParseAndMalformedOnesAreSkipped() {
        let text = """
        127.0.1.7 example.com 200 "GET / HTTP/1.1"
        127.0.1.8 - 400 "-"
        garbage
        127.0.1.9 second.test two "GET / HTTP/1.1"
        """
        #expect(ExternalAccessLogEntry.parse(text) == [
            ExternalAccessLogEntry(clientAddress: "127.0.1.7", serverName: "example.com", status: 200, request: "GET / HTTP/1.1"),
            ExternalAccessLogEntry(clientAddress: "127.0.1.8", serverName: nil, status: 400, request: "-"),
        ])
    }

    @Test(.enabled(if: ExternalTestFixture.nginxInstalled, ExternalTestFixture.nginxMissing))
    func nginxLogsWhichClientAskedForWhichHostname() async throws {
        try await accessLog(.nginx)
    }

    @Test(.enabled(if: ExternalTestFixture.apacheInstalled, ExternalTestFixture.apacheMissing))
    func apacheLogsWhichClientAskedForWhichHostname() async throws {
        try await accessLog(.apache)
    }

    private func accessLog(_ kind: ExternalServerKind) async throws {
        let fixture = try ExternalTestFixture(slot: kind == .nginx ? 49 : 50)
        var config = fixture.serverConfig(kind, responderURL: "http://127.0.0.1:9/")
        config.stapling = false
        try await ExternalTestFixture.withServer(config) { server, address async throws in
            _ = try await fixture.probe(address, host: "example.com", from: "127.0.1.7")
            _ = try await fixture.probe(address, host: "second.test", from: "127.0.1.8")
            let expected = [
                ExternalAccessLogEntry(clientAddress: "127.0.1.7", serverName: "example.com", status: 200, request: "GET / HTTP/1.1"),
                ExternalAccessLogEntry(clientAddress: "127.0.1.8", serverName: "second.test", status: 200, request: "GET / HTTP/1.1"),
            ]
            #expect(await ExternalTestFixture.eventually(timeout: 5) { server.accessLog() == expected },
                    "\(server.accessLog())")
        }
    }
}

import Foundation
import NIOCore
import NIOPosix
import Testing
import StapleTestSupport
import StapleCore
import StaplePKI
@testable import StapleTLS

/// Our TLS ends against OpenSSL's own command-line client and server.
@Suite(.serialized) struct OpenSSLInteropTests {
    @Test(arguments: ["-tls1_3", "-tls1_2"])
    func opensslClientSeesOurStapleAsGood(versionFlag: String) async throws {
        let setup = try StapledHandshakeTests.Setup()
        let dir = try TemporaryDirectory()
        try setup.pki.write(to: dir.path)
        let server = try await TLSTestHarness.startServer(setup.server, provider: FixedStaple(try setup.staple()))
        defer { server.close(promise: nil) }
        let port = server.localAddress!.port!
        let out = try await Task.detached {
            try OpenSSLCommand.run(["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "example.com",
                                    "-status", "-CAfile", dir.path + "/ca.pem", "-verify_return_error",
                                    versionFlag], input: Data())
        }.value
        #expect(out.stdout.contains("OCSP Response Status: successful"), "\(out.combined)")
        #expect(out.stdout.contains("Cert Status: good"), "\(out.combined)")
        #expect(out.stdout.contains("Verify return code: 0 (ok)"), "\(out.combined)")
        #expect(out.stdout.contains("CN = example.com") || out.stdout.contains("CN=example.com"))
    }

    @Test func opensslClientSeesNoStapleWhenWeSendNone() async throws {
        let setup = try StapledHandshakeTests.Setup()
        let dir = try TemporaryDirectory()
        try setup.pki.write(to: dir.path)
        let server = try await TLSTestHarness.startServer(setup.server, provider: NoStaple())
        defer { server.close(promise: nil) }
        let port = server.localAddress!.port!
        let out = try await Task.detached {
            try OpenSSLCommand.run(["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "example.com",
                                    "-status", "-CAfile", dir.path + "/ca.pem"], input: Data())
        }.value
        #expect(out.stdout.contains("OCSP response: no response sent"), "\(out.combined)")
    }

    @Test(arguments: ["-tls1_3", "-tls1_2"])
    func ourClientVerifiesAStapleFromOpenSSLServer(versionFlag: String) async throws {
        let setup = try StapledHandshakeTests.Setup()
        let dir = try TemporaryDirectory()
        try setup.pki.write(to: dir.path)
        let staplePath = try dir.write(try setup.staple(), "staple.der")
        let server = try OpenSSLServer(arguments: [
            "-cert", dir.path + "/example.com.pem", "-key", dir.path + "/example.com.key",
            "-cert_chain", dir.path + "/example.com.pem", // s_server sends only the first of -cert otherwise
            "-status_file", staplePath, "-www", "-naccept", "1", versionFlag])
        defer { server.stop() }
        let trace = Trace()
        let result = try await TLSTestHarness.connect(
            to: try SocketAddress(ipAddress: "127.0.0.1", port: server.port), hostname: "example.com",
            tls: setup.client, policy: setup.policy, trace: trace)
        #expect(result.statusDecision == .accept("good"))
        #expect(result.staple == (try Data(contentsOf: URL(fileURLWithPath: staplePath))).map { $0 })
        #expect(result.response.hasPrefix("HTTP/1.0 200 ok"), "\(result.response.prefix(80))")
        #expect(result.version == (versionFlag == "-tls1_3" ? .tls13 : .tls12))
    }
}

/// `openssl s_server` on a free loopback port, stopped by its PID.
final class OpenSSLServer {
    let port: Int

    init(arguments: [String]) throws {
        // Find a free port: bind port 0, read it, release it (a small race, retried below).
        var lastOutput = ""
        for _ in 0..<5 {
            let port = try OpenSSLServer.freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl", "s_server", "-accept", "127.0.0.1:\(port)"] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            process.standardInput = Pipe()
            try process.run()
            // Wait for "ACCEPT" (ready) or exit.
            var collected = Data()
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                collected += chunk
                if String(decoding: collected, as: UTF8.self).contains("ACCEPT") {
                    self.port = port
                    self.processRef = process
                    return
                }
            }
            lastOutput = String(decoding: collected, as: UTF8.self)
            process.terminate()
            process.waitUntilExit()
        }
        throw NSError(domain: "OpenSSLServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "s_server did not start: \(lastOutput)"])
    }

    private var processRef: Process?

    func stop() {
        if let processRef, processRef.isRunning {
            processRef.terminate()
            processRef.waitUntilExit()
        }
    }

    static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress!.port!
        try channel.close().wait()
        return port
    }
}

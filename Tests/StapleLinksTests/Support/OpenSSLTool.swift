import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StapleCore

/// Runs the `openssl` command for the tap tests: makes a CA, a leaf certificate for
/// example.com (serial 0x8F01, so its DER INTEGER is `00 8F 01`), an OCSP request and a
/// signed OCSP response for it, and runs `s_server` / `s_client`.
enum OpenSSLTool {
    /// The files of a throwaway PKI.
    struct PKI {
        let directory: URL
        var leafCertificate: URL { directory.appendingPathComponent("leaf.pem") }
        var leafKey: URL { directory.appendingPathComponent("leaf.key") }
        var request: URL { directory.appendingPathComponent("req.der") }
        var response: URL { directory.appendingPathComponent("resp.der") }
        /// The token a tap gives the leaf's serial.
        static let serialToken = "serial:008F01"
    }

    /// Runs `openssl arguments` in `directory`; throws with its output if it fails.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL, timeout: Double = 20,
                    requireSuccess: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = directory.appendingPathComponent("out-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process)
            throw HarnessError(description: "openssl \(arguments.joined(separator: " ")) ran longer than \(timeout)s")
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 || !requireSuccess else {
            throw HarnessError(description: "openssl \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }

    /// Makes the PKI in a new temporary directory.
    static func makePKI() throws -> PKI {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("staplelinks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try run(["req", "-x509"] + curve + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Tap Test CA"], in: directory)
        try run(["req"] + curve + ["-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=example.com"], in: directory)
        try "subjectAltName=DNS:example.com,DNS:www.example.com\nauthorityInfoAccess=OCSP;URI:http://ocsp.test/\n"
            .write(to: directory.appendingPathComponent("ext.cnf"), atomically: true, encoding: .utf8)
        try run(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "0x8F01",
                 "-days", "2", "-extfile", "ext.cnf", "-out", "leaf.pem"], in: directory)
        try run(["ocsp", "-issuer", "ca.pem", "-cert", "leaf.pem", "-reqout", "req.der", "-no_nonce"], in: directory)
        try "V\t391231235959Z\t\t8F01\tunknown\t/CN=example.com\n"
            .write(to: directory.appendingPathComponent("index.txt"), atomically: true, encoding: .utf8)
        try run(["ocsp", "-index", "index.txt", "-rsigner", "ca.pem", "-rkey", "ca.key", "-CA", "ca.pem",
                 "-reqin", "req.der", "-respout", "resp.der", "-ndays", "1"], in: directory)
        return PKI(directory: directory)
    }

    /// The bytes of a file of the PKI.
    static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    /// A running `openssl s_server`.
    final class Server {
        let process: Process
        let port: Int
        private let output: FileHandle

        /// Starts `openssl s_server` on `host`, ephemeral port, with `arguments`; waits for its ACCEPT line.
        init(host: String, pki: PKI, arguments: [String]) throws {
            let log = pki.directory.appendingPathComponent("server-\(UUID().uuidString).txt")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            output = try FileHandle(forWritingTo: log)
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = ["s_server", "-accept", "\(host):0", "-cert", pki.leafCertificate.path,
                                 "-key", pki.leafKey.path] + arguments
            process.currentDirectoryURL = pki.directory
            process.standardOutput = output
            process.standardError = output
            process.standardInput = Pipe()      // kept open: s_server keeps serving
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            var found: Int?
            while found == nil && Date() < deadline && process.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT ") }),
                   let port = line.split(separator: ":").last.flatMap({ Int($0) }) {
                    found = port
                } else {
                    usleep(10_000)
                }
            }
            guard let found else {
                if process.isRunning { process.terminate() }
                throw HarnessError(description: "openssl s_server did not print its ACCEPT line")
            }
            port = found
        }

        /// Stops the server (SIGKILL to its own PID).
        func stop() {
            OpenSSLTool.kill(process)
            try? output.close()
        }

        deinit { stop() }
    }

    /// Runs `openssl s_client` to `host:port` with `arguments`, stdin empty (it quits after the
    /// handshake; its exit status is not checked: an EOF from the server makes it 1).
    static func client(host: String, port: Int, pki: PKI, arguments: [String]) throws -> String {
        try run(["s_client", "-connect", "\(host):\(port)"] + arguments, in: pki.directory, requireSuccess: false)
    }

    /// Kills a process this test started, by its PID, and waits (bounded) until it is gone.
    /// (SIGKILL: a child spawned from a test thread may inherit a mask that blocks SIGTERM,
    /// and `waitUntilExit` can spin forever on Linux.)
    static func kill(_ process: Process) {
        guard process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(2_000) }
    }
}

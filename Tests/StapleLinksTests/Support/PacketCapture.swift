import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bounded packet capture on `lo` by Debian's `dumpcap`, decoded by `tshark`: a tool nobody
/// here wrote, to cross-check what the front doors say crossed them. Captures only what the
/// filter names (the test's own address and port) and for `limit` seconds at most.
final class PacketCapture {
    /// One TLS frame as tshark decodes it: when it was captured, its source port, and the
    /// messages of its Info column in order (`Server Hello`, `Certificate`, …).
    struct Frame {
        let time: Double
        let sourcePort: Int
        let messages: [String]
    }

    private let process: Process
    private let file: URL
    private let log: URL

    /// Why a capture cannot run here, or nil when it can (tshark and dumpcap installed, root or capture rights).
    static var unavailable: String? {
        for tool in ["/usr/bin/dumpcap", "/usr/bin/tshark"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed (apt-get install -y tshark)"
        }
        return nil
    }

    /// Starts capturing `filter` (a pcap capture filter) on `lo` into a file in `directory`;
    /// returns once dumpcap says it is capturing (or throws after 10 s).
    init(filter: String, directory: URL, limit: Int = 30) throws {
        file = directory.appendingPathComponent("capture-\(UUID().uuidString).pcapng")
        log = directory.appendingPathComponent("dumpcap-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dumpcap")
        process.arguments = ["-i", "lo", "-f", filter, "-w", file.path, "-q", "-a", "duration:\(limit)"]
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, process.isRunning {
            if ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("Capturing on") { return }
            usleep(10_000)
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        stop()
        throw HarnessError(description: "dumpcap did not start capturing: \(text)")
    }

    /// Stops the capture (SIGINT to its own PID, so it writes the file out; SIGKILL after 5 s).
    func stop() {
        guard process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        OpenSSLTool.kill(process)
    }

    /// Stops the capture and decodes its TLS frames, `port` decoded as TLS.
    func frames(tlsPort port: Int) throws -> [Frame] {
        stop()
        let output = file.deletingLastPathComponent().appendingPathComponent("tshark-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let tshark = Process()
        tshark.executableURL = URL(fileURLWithPath: "/usr/bin/tshark")
        tshark.arguments = ["-r", file.path, "-d", "tcp.port==\(port),tls", "-Y", "tls", "-T", "fields",
                            "-E", "separator=|", "-e", "frame.time_epoch", "-e", "tcp.srcport", "-e", "_ws.col.Info"]
        tshark.standardOutput = handle
        tshark.standardError = FileHandle.nullDevice
        tshark.standardInput = FileHandle.nullDevice
        try tshark.run()
        let deadline = Date().addingTimeInterval(20)
        while tshark.isRunning && Date() < deadline { usleep(5_000) }
        if tshark.isRunning {
            OpenSSLTool.kill(tshark)
            throw HarnessError(description: "tshark ran longer than 20 s")
        }
        let text = try String(contentsOf: output, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let time = Double(fields[0]), let port = Int(fields[1]) else { return nil }
            let messages = fields[2].split(separator: ",").map { part -> String in
                let trimmed = part.trimmingCharacters(in: .whitespaces)
                return trimmed.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? trimmed
            }
            return Frame(time: time, sourcePort: port, messages: messages)
        }
    }

    deinit { stop() }
}

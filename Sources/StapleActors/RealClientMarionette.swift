#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StapleCore

/// A minimal Marionette client (Firefox's automation protocol over TCP: `length:json`
/// frames): new session, navigate, one script, quit. Blocking sockets with a receive timeout;
/// run it off the event loops. Every call is bounded by `deadline` (set at connect; a session
/// kept across visits moves it forward before each visit).
final class RealClientMarionette {
    /// What Marionette answered to a command.
    enum Reply: Equatable {
        /// The command succeeded; its value (a string as is, anything else as JSON text).
        case value(String)
        /// Marionette's error code (`insecure certificate`, `timeout`, …) and message.
        case error(code: String, message: String)
    }

    private let socket: Int32
    /// The instant by which every answer must have come.
    var deadline: Instant
    private var nextID = 1
    private var buffer: [UInt8] = []
    /// Frames longer than this are refused (a navigation-timing entry is ~1 kB).
    static let frameLimit = 1 << 20

    private init(socket: Int32, deadline: Instant) {
        self.socket = socket
        self.deadline = deadline
    }

    deinit { close(socket) }

    /// Connects to `127.0.0.1:port`, retrying until Firefox listens or `deadline`, and reads its greeting.
    static func connect(port: Int, deadline: Instant) throws -> RealClientMarionette {
        while true {
            let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw RealClientError.setupFailed("socket: \(String(cString: strerror(errno)))") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            } == 0
            if connected {
                let client = RealClientMarionette(socket: fd, deadline: deadline)
                _ = try client.readFrame()   // {"applicationType":"gecko","marionetteProtocol":3}
                return client
            }
            close(fd)
            guard Instant.now() < deadline else { throw RealClientError.setupFailed("Firefox's Marionette port \(port) never opened") }
            usleep(50_000)
        }
    }

    /// Sends `name` with `parameters` and returns the reply.
    func command(_ name: String, _ parameters: [String: Any] = [:]) throws -> Reply {
        let id = nextID
        nextID += 1
        let data = try JSONSerialization.data(withJSONObject: [0, id, name, parameters] as [Any])
        let frame = Array("\(data.count):".utf8) + Array(data)
        var sent = 0
        while sent < frame.count {
            let n = frame[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw RealClientError.setupFailed("Marionette connection closed while sending \(name)") }
            sent += n
        }
        while true {
            let reply = try readFrame()
            guard let message = try JSONSerialization.jsonObject(with: Data(reply)) as? [Any], message.count == 4,
                  (message[1] as? Int) == id else { continue }
            if let error = message[2] as? [String: Any] {
                return .error(code: error["error"] as? String ?? "?", message: error["message"] as? String ?? "")
            }
            let value = (message[3] as? [String: Any])?["value"] ?? NSNull()
            if let string = value as? String { return .value(string) }
            let text = (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]))
                .map { String(decoding: $0, as: UTF8.self) } ?? ""
            return .value(text)
        }
    }

    /// One `length:json` frame.
    private func readFrame() throws -> [UInt8] {
        while true {
            if let colon = buffer.firstIndex(of: UInt8(ascii: ":")) {
                guard let length = Int(String(decoding: buffer[..<colon], as: UTF8.self)), length <= RealClientMarionette.frameLimit else {
                    throw RealClientError.setupFailed("Marionette sent a frame that is not length:json")
                }
                if buffer.count >= colon + 1 + length {
                    let frame = Array(buffer[(colon + 1)..<(colon + 1 + length)])
                    buffer.removeFirst(colon + 1 + length)
                    return frame
                }
            } else if buffer.count > 16 {
                throw RealClientError.setupFailed("Marionette sent a frame that is not length:json")
            }
            try receive()
        }
    }

    private func receive() throws {
        let remaining = deadline.milliseconds(since: .now())
        guard remaining > 0 else { throw RealClientError.setupFailed("Marionette did not answer in time") }
        var timeout = timeval(tv_sec: Int(remaining / 1000), tv_usec: Int(remaining.truncatingRemainder(dividingBy: 1000) * 1000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw RealClientError.setupFailed("Marionette connection closed or timed out") }
        buffer += chunk[..<n]
    }
}

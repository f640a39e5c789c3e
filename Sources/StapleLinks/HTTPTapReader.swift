import StapleCore

/// Follows one direction of a plain HTTP/1.x connection the way an on-path observer can:
/// request lines and Host headers, and the certificate serials inside OCSP requests (POST
/// body `application/ocsp-request`, or GET with the URL-encoded base64 DER as the last path
/// segment, RFC 6960 Appendix A) and OCSP responses (`application/ocsp-response`).
///
/// Keep-alive connections are followed request after request. Bodies are framed by
/// Content-Length, chunked encoding, or (responses only) the end of the connection; an OCSP
/// body is buffered up to `limit` bytes, other bodies are skipped without buffering. Anything
/// that is not HTTP stops the reader.
struct HTTPTapReader: TapReader {
    /// Largest head or OCSP body buffered.
    static let limit = 64 * 1024

    private enum Body { case ignore, ocspRequest, ocspResponse }
    private enum State {
        case head
        case sized(remaining: Int, body: Body)
        case chunkSize(body: Body)
        case chunkData(remaining: Int, body: Body)
        case chunkEnd(body: Body)
        case trailers
        case untilClose(body: Body)
    }

    /// Whether this direction carries requests (from the party) or responses (from the actor).
    let carriesRequests: Bool
    private var buffer: [UInt8] = []
    private var collected: [UInt8] = []
    private var state = State.head
    private var bufferBase = 0   // stream position of buffer[0]
    /// Whether the reader has stopped (not HTTP, or too large).
    private(set) var isFinished = false

    /// A reader of requests (`carriesRequests`) or responses.
    init(carriesRequests: Bool) { self.carriesRequests = carriesRequests }

    /// Reads `bytes`, appending what it learned and each request or response head it saw to `output`.
    mutating func consume(_ bytes: some Collection<UInt8>, into output: inout TapOutput) {
        guard !isFinished else { return }
        buffer.append(contentsOf: bytes)
        var offset = 0
        var progress = true
        while progress, !isFinished {
            progress = step(&offset, into: &output)
        }
        if isFinished {
            buffer = []
            collected = []
        } else {
            buffer.removeFirst(offset)
            bufferBase += offset
            if buffer.count > HTTPTapReader.limit { isFinished = true; buffer = [] }
        }
    }

    /// Parses one piece at `offset`; false when more bytes are needed.
    private mutating func step(_ offset: inout Int, into output: inout TapOutput) -> Bool {
        switch state {
        case .head:
            guard let end = find([13, 10, 13, 10], from: offset) else { return false }
            let head = buffer[offset..<end]
            let position = bufferBase + offset
            offset = end + 4
            parseHead(head, position: position, into: &output)
            return true
        case .sized(let remaining, let body):
            let take = min(remaining, buffer.count - offset)
            guard take > 0 else { return false }
            collect(offset, take, body)
            offset += take
            if remaining - take == 0 {
                finishBody(body, into: &output)
                state = .head
            } else {
                state = .sized(remaining: remaining - take, body: body)
            }
            return true
        case .chunkSize(let body):
            guard let end = find([13, 10], from: offset) else { return false }
            let line = buffer[offset..<end]
            offset = end + 2
            let digits = line.prefix { $0 != UInt8(ascii: ";") }
            guard let text = TapText.printable(digits), let size = Int(text.trimmingSpaces, radix: 16), size >= 0 else {
                isFinished = true
                return false
            }
            state = size == 0 ? .trailers : .chunkData(remaining: size, body: body)
            if size == 0 { finishBody(body, into: &output) }
            return true
        case .chunkData(let remaining, let body):
            let take = min(remaining, buffer.count - offset)
            guard take > 0 else { return false }
            collect(offset, take, body)
            offset += take
            state = remaining - take == 0 ? .chunkEnd(body: body) : .chunkData(remaining: remaining - take, body: body)
            return true
        case .chunkEnd(let body):
            guard buffer.count - offset >= 2 else { return false }
            offset += 2
            state = .chunkSize(body: body)
            return true
        case .trailers:
            guard let end = find([13, 10], from: offset) else { return false }
            let empty = end == offset
            offset = end + 2
            if empty { state = .head }
            return true
        case .untilClose(let body):
            collect(offset, buffer.count - offset, body)
            offset = buffer.count
            if case .ocspResponse = body, let size = DERReader.elementSize(atStartOf: collected),
               collected.count >= size {
                finishBody(body, into: &output)
                isFinished = true
            } else if case .ignore = body {
                isFinished = true
            }
            return false
        }
    }

    private mutating func collect(_ offset: Int, _ count: Int, _ body: Body) {
        guard count > 0 else { return }
        if case .ignore = body { return }
        if collected.count + count > HTTPTapReader.limit { isFinished = true; return }
        collected.append(contentsOf: buffer[offset..<(offset + count)])
    }

    private mutating func finishBody(_ body: Body, into output: inout TapOutput) {
        defer { collected = [] }
        switch body {
        case .ignore:
            return
        case .ocspRequest:
            if let serials = try? OCSPSerialReader.requestSerials(collected[...]) {
                for serial in serials { output.findings.append(.ocspRequestSerial(OCSPSerialToken.make(content: serial))) }
            }
        case .ocspResponse:
            if let serials = try? OCSPSerialReader.responseSerials(collected[...]) {
                for serial in serials { output.findings.append(.ocspResponseSerial(OCSPSerialToken.make(content: serial))) }
            }
        }
    }

    private mutating func parseHead(_ head: ArraySlice<UInt8>, position: Int, into output: inout TapOutput) {
        guard head.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 13 || $0 == 10 || $0 == 9 }) else {
            isFinished = true
            return
        }
        let lines = head.split(separator: 10, omittingEmptySubsequences: false).map { line -> String in
            String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
        }
        guard let startLine = lines.first else { isFinished = true; return }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = String(line[line.index(after: colon)...]).trimmingSpaces
            if headers[name] == nil { headers[name] = value }
        }
        let contentType = headers["content-type"]?.lowercased() ?? ""
        let chunked = headers["transfer-encoding"]?.lowercased().contains("chunked") ?? false
        let length = headers["content-length"].flatMap { Int($0) }
        var body = Body.ignore
        if carriesRequests {
            let parts = startLine.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, HTTPTapReader.isMethod(parts[0]), parts[2].hasPrefix("HTTP/1.") else {
                isFinished = true
                return
            }
            let host = headers["host"].map(HTTPTapReader.hostWithoutPort)
            output.findings.append(.httpRequest(line: startLine, host: host))
            let target = parts[1].count > 160 ? String(parts[1].prefix(160)) + "…" : String(parts[1])
            output.sightings.append(WireSighting(message: .httpRequest(method: String(parts[0]), target: target, host: host),
                                                 position: position))
            if parts[0] == "GET" { readGetRequest(target: parts[1], into: &output) }
            if contentType.hasPrefix("application/ocsp-request") { body = .ocspRequest }
            if chunked {
                state = .chunkSize(body: body)
            } else if let length, length > 0 {
                state = .sized(remaining: length, body: body)
            }
        } else {
            let parts = startLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
                isFinished = true
                return
            }
            output.sightings.append(WireSighting(message: .httpResponse(status: status), position: position))
            if contentType.hasPrefix("application/ocsp-response") { body = .ocspResponse }
            if status < 200 || status == 204 || status == 304 { return }
            if chunked {
                state = .chunkSize(body: body)
            } else if let length {
                if length > 0 { state = .sized(remaining: length, body: body) }
            } else {
                state = .untilClose(body: body)
            }
        }
    }

    /// An OCSP GET: the last path segment, URL-decoded, is the base64 of a DER OCSPRequest.
    private func readGetRequest(target: Substring, into output: inout TapOutput) {
        let path = target.split(separator: "?", maxSplits: 1).first ?? target
        guard let segment = path.split(separator: "/").last, segment.count >= 8,
              let encoded = TapText.percentDecoded(segment),
              let der = TapText.base64Decoded(encoded),
              let serials = try? OCSPSerialReader.requestSerials(der[...]) else { return }
        for serial in serials { output.findings.append(.ocspRequestSerial(OCSPSerialToken.make(content: serial))) }
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard buffer.count - start >= pattern.count else { return nil }
        var index = start
        while index + pattern.count <= buffer.count {
            if buffer[index] == pattern[0] {
                var match = true
                for k in 1..<pattern.count where buffer[index + k] != pattern[k] { match = false; break }
                if match { return index }
            }
            index += 1
        }
        return nil
    }

    private static func isMethod(_ token: Substring) -> Bool {
        !token.isEmpty && token.count <= 16 && token.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// `example.com:8443` → `example.com`; `[::1]:80` → `::1`.
    static func hostWithoutPort(_ host: String) -> String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<close])
        }
        if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            return String(host[..<colon]).lowercased()
        }
        return host.lowercased()
    }
}

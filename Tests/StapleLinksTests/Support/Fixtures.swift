import Foundation

/// The throwaway PKI of the tap tests, made once per test process with the `openssl` command.
enum Fixtures {
    /// The PKI (a CA, example.com's certificate with serial 0x8F01, an OCSP request and response).
    static let pki: Result<OpenSSLTool.PKI, any Error> = Result {
        let pki = try OpenSSLTool.makePKI()
        fixturesDirectory = pki.directory.path
        atexit { if let path = fixturesDirectory { try? FileManager.default.removeItem(atPath: path) } }
        return pki
    }

    /// The DER OCSP request for example.com's certificate.
    static func request() throws -> [UInt8] { try OpenSSLTool.bytes(pki.get().request) }

    /// The DER OCSP response (good) for example.com's certificate.
    static func response() throws -> [UInt8] { try OpenSSLTool.bytes(pki.get().response) }

    /// example.com's certificate in DER.
    static func leafDER() throws -> [UInt8] {
        let pem = try String(contentsOf: pki.get().leafCertificate, encoding: .utf8)
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body) else { throw HarnessError(description: "leaf.pem is not PEM") }
        return Array(data)
    }

    /// An HTTP POST of the OCSP request, as `openssl ocsp -url` sends it.
    static func ocspPost(host: String = "ocsp.test:8080") throws -> [UInt8] {
        let body = try request()
        let head = "POST / HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/ocsp-request\r\n"
            + "Content-Length: \(body.count)\r\nAccept: */*\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// An HTTP GET with the request's base64 DER, URL-encoded, as the last path segment (RFC 6960 A.1).
    static func ocspGet(host: String = "ocsp.test") throws -> [UInt8] {
        let encoded = Data(try request()).base64EncodedString()
            .replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: "/", with: "%2F")
            .replacingOccurrences(of: "=", with: "%3D")
        return Array("GET /ocsp/\(encoded) HTTP/1.1\r\nHost: \(host)\r\n\r\n".utf8)
    }

    /// An HTTP response carrying the OCSP response with Content-Length.
    static func ocspHTTPResponse() throws -> [UInt8] {
        let body = try response()
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: \(body.count)\r\n"
            + "Cache-Control: max-age=3600\r\n\r\n"
        return Array(head.utf8) + body
    }
}

/// The PKI's folder (private keys in it), removed when the test process exits.
nonisolated(unsafe) private var fixturesDirectory: String?

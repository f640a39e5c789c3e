/// One message a passive observer on a front door recognised in the bytes crossing it.
///
/// What it can tell is what travels in clear: TLS record types and, until encryption starts,
/// handshake messages; HTTP/1.x heads; DNS messages. In TLS 1.3 everything after the
/// ServerHello is application-data records to an observer (the encrypted flight, the client's
/// Finished, tickets, then the HTTP exchange), so those are numbered records, not named messages.
public enum WireMessage: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A ClientHello, with the server_name it asks for (if any, lowercased).
    case tlsClientHello(serverName: String?)
    /// A ServerHello: the version it selects (`0x0304` from supported_versions, else the legacy
    /// field) and whether it is a TLS 1.3 HelloRetryRequest.
    case tlsServerHello(version: UInt16, retry: Bool)
    /// Any other handshake message read in clear (TLS 1.2's Certificate, CertificateStatus,
    /// ServerKeyExchange, ServerHelloDone, ClientKeyExchange, NewSessionTicket), with its body length.
    case tlsHandshake(TLSHandshakeType, length: Int)
    /// A ChangeCipherSpec record (TLS 1.2: encryption starts in this direction; TLS 1.3: compatibility only).
    case tlsChangeCipherSpec
    /// The first handshake record after this direction's ChangeCipherSpec in TLS 1.2: the encrypted Finished.
    case tlsEncryptedFinished
    /// The `index`-th (from 0) application-data record in this direction, of `length` bytes.
    case tlsApplicationData(index: Int, length: Int)
    /// An alert record: level and description when in clear, `nil` when encrypted.
    case tlsAlert(level: UInt8?, description: UInt8?)
    /// An HTTP/1.x request head: method, target (at most 160 characters) and Host header without port.
    case httpRequest(method: String, target: String, host: String?)
    /// An HTTP/1.x response head and its status code.
    case httpResponse(status: Int)
    /// A DNS query (its ID and first question's name, lowercased).
    case dnsQuery(id: UInt16, name: String)
    /// A DNS answer (its ID, first question's name, RCODE and how many answers it carries).
    case dnsAnswer(id: UInt16, name: String, code: UInt8, answers: Int)
    /// The sender ended this direction (FIN, or the socket closed).
    case closed

    /// A short stable name of the message kind (`tls.ClientHello`, `tls.application-data`, `http.request`…).
    public var name: String {
        switch self {
        case .tlsClientHello: return "tls.ClientHello"
        case .tlsServerHello(_, let retry): return retry ? "tls.HelloRetryRequest" : "tls.ServerHello"
        case .tlsHandshake(let type, _): return "tls.\(type)"
        case .tlsChangeCipherSpec: return "tls.ChangeCipherSpec"
        case .tlsEncryptedFinished: return "tls.Finished(encrypted)"
        case .tlsApplicationData: return "tls.application-data"
        case .tlsAlert: return "tls.alert"
        case .httpRequest: return "http.request"
        case .httpResponse: return "http.response"
        case .dnsQuery: return "dns.query"
        case .dnsAnswer: return "dns.answer"
        case .closed: return "closed"
        }
    }

    /// `TLSv1.3` for `0x0304`, `TLSv1.2` for `0x0303` (as `TLSVersion` spells them), else the hex value.
    public static func versionName(_ version: UInt16) -> String {
        switch version {
        case 0x0304: return "TLSv1.3"
        case 0x0303: return "TLSv1.2"
        case 0x0302: return "TLSv1.1"
        case 0x0301: return "TLSv1.0"
        default: return "0x" + String(version, radix: 16)
        }
    }

    /// The message for people (the `detail` of its trace event).
    public var description: String {
        switch self {
        case .tlsClientHello(let name): return name.map { "\(self.name) sni=\($0)" } ?? self.name
        case .tlsServerHello(let version, _): return "\(name) \(WireMessage.versionName(version))"
        case .tlsHandshake(_, let length): return "\(name) \(length)B"
        case .tlsChangeCipherSpec, .tlsEncryptedFinished, .closed: return name
        case .tlsApplicationData(let index, let length): return "\(name) #\(index) \(length)B"
        case .tlsAlert(let level, let description):
            guard let level, let description else { return "\(name) (encrypted)" }
            return "\(name) level=\(level) description=\(description)"
        case .httpRequest(let method, let target, let host):
            return "\(name) \(method) \(target)" + (host.map { " host=\($0)" } ?? "")
        case .httpResponse(let status): return "\(name) \(status)"
        case .dnsQuery(let id, let name): return "\(self.name) id=\(id) \(name)"
        case .dnsAnswer(let id, let name, let code, let answers):
            return "\(self.name) id=\(id) \(name) rcode=\(code) answers=\(answers)"
        }
    }
}

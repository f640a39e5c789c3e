/// Follows one direction of a TLS connection the way an on-path observer can: record layer,
/// then handshake messages, until encryption starts.
///
/// It stops for good after a ChangeCipherSpec or application data record (TLS 1.2: what
/// follows is encrypted), after a ServerHello that selects TLS 1.3 (every later handshake
/// message, including a TLS 1.3 staple, is encrypted), and at anything that is not TLS.
/// Records and handshake messages may span chunks; at most `limit` bytes are buffered.
struct TLSTapReader {
    /// Largest record or handshake message buffered before giving up.
    static let limit = 64 * 1024

    /// Whether this direction comes from the TLS client.
    let fromClient: Bool
    private var records: [UInt8] = []
    private var handshake: [UInt8] = []
    /// Whether the reader has stopped (encrypted or not TLS).
    private(set) var isFinished = false

    /// A reader for the client's (`fromClient`) or the server's direction.
    init(fromClient: Bool) { self.fromClient = fromClient }

    /// Reads `bytes`, appending what it learned to `findings`.
    mutating func consume(_ bytes: some Collection<UInt8>, into findings: inout [TapFinding]) {
        guard !isFinished else { return }
        records.append(contentsOf: bytes)
        var offset = 0
        while !isFinished, records.count - offset >= 5 {
            let type = records[offset]
            let major = records[offset + 1]
            let length = Int(records[offset + 3]) << 8 | Int(records[offset + 4])
            guard (20...24).contains(type), major == 3, length <= 18_432 else { isFinished = true; break }
            guard records.count - offset - 5 >= length else { break }
            let fragment = records[(offset + 5)..<(offset + 5 + length)]
            offset += 5 + length
            switch type {
            case 22: handshakeBytes(fragment, into: &findings)
            case 21: continue                         // a plaintext alert
            default: isFinished = true                // ChangeCipherSpec, application data, heartbeat
            }
        }
        if isFinished {
            records = []
            handshake = []
        } else {
            records.removeFirst(offset)
            if records.count > TLSTapReader.limit { isFinished = true; records = [] }
        }
    }

    private mutating func handshakeBytes(_ fragment: ArraySlice<UInt8>, into findings: inout [TapFinding]) {
        handshake.append(contentsOf: fragment)
        var offset = 0
        while !isFinished, handshake.count - offset >= 4 {
            let type = handshake[offset]
            let length = Int(handshake[offset + 1]) << 16 | Int(handshake[offset + 2]) << 8 | Int(handshake[offset + 3])
            guard length <= TLSTapReader.limit else { isFinished = true; return }
            guard handshake.count - offset - 4 >= length else { break }
            let body = handshake[(offset + 4)..<(offset + 4 + length)]
            offset += 4 + length
            message(type: type, body: body, into: &findings)
        }
        if !isFinished { handshake.removeFirst(offset) }
    }

    private mutating func message(type: UInt8, body: ArraySlice<UInt8>, into findings: inout [TapFinding]) {
        switch TLSHandshakeReader.MessageType(rawValue: type) {
        case .clientHello where fromClient:
            if let name = TLSHandshakeReader.serverName(clientHello: body) { findings.append(.serverName(name)) }
        case .serverHello where !fromClient:
            if TLSHandshakeReader.selectsTLS13(serverHello: body) { isFinished = true }
        case .certificate where !fromClient:
            if let leaf = TLSHandshakeReader.leafCertificate(certificate: body),
               let names = try? CertificateNameReader.dnsNames(leaf), let first = names.first {
                findings.append(.certificateName(first))
            }
        case .certificateStatus where !fromClient:
            if let response = TLSHandshakeReader.stapledResponse(certificateStatus: body),
               let serials = try? OCSPSerialReader.responseSerials(response) {
                for serial in serials { findings.append(.stapleSerial(OCSPSerialToken.make(content: serial))) }
            }
        default:
            break
        }
    }
}

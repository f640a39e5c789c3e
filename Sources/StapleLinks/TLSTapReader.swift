import StapleCore

/// Follows one direction of a TLS connection the way an on-path observer can: record layer,
/// then handshake messages, until encryption starts; after that, record headers only.
///
/// Handshake messages are read in clear until this direction's ChangeCipherSpec (TLS 1.2:
/// what follows is encrypted) or, from the server, a ServerHello that selects TLS 1.3 (every
/// later handshake message, including a TLS 1.3 staple, is encrypted). After that only record
/// types are read: the TLS 1.2 encrypted Finished, alerts, and the first
/// `applicationRecordLimit` application-data records, then the reader stops. Anything that is
/// not TLS stops it at once. Records and handshake messages may span chunks; at most `limit`
/// bytes are buffered. A TLS 1.3 client that sends a compatibility ChangeCipherSpec before a
/// second ClientHello (after a HelloRetryRequest) has that ClientHello reported as encrypted.
struct TLSTapReader: TapReader {
    /// Largest record or handshake message buffered before giving up.
    static let limit = 64 * 1024
    /// Application-data records reported per direction; the reader stops after them.
    static let applicationRecordLimit = 16
    /// The random of a HelloRetryRequest (RFC 8446 §4.1.3: SHA-256 of "HelloRetryRequest").
    static let helloRetryRandom: [UInt8] = [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ]

    /// Whether this direction comes from the TLS client.
    let fromClient: Bool
    private var records: [UInt8] = []
    private var recordsBase = 0                  // stream position of records[0]
    private var skip = 0                         // payload bytes of an encrypted record still to pass
    private var handshake: [UInt8] = []
    private var segments: [(offset: Int, position: Int)] = []   // handshake buffer offset → stream position
    private var sawEncryptedFinished = false
    private var applicationRecords = 0
    /// Whether encryption started in this direction: nothing more is read in clear.
    private(set) var isEncrypted = false
    /// Whether the reader has stopped (enough records seen, or not TLS).
    private(set) var isFinished = false

    /// A reader for the client's (`fromClient`) or the server's direction.
    init(fromClient: Bool) { self.fromClient = fromClient }

    /// Reads `bytes`, appending what it learned and the messages it recognised to `output`.
    mutating func consume(_ bytes: some Collection<UInt8>, into output: inout TapOutput) {
        guard !isFinished else { return }
        records.append(contentsOf: bytes)
        var offset = 0
        while !isFinished {
            if skip > 0 {
                let take = min(skip, records.count - offset)
                offset += take
                skip -= take
                if skip > 0 { break }
                continue
            }
            guard records.count - offset >= 5 else { break }
            let type = records[offset]
            let major = records[offset + 1]
            let length = Int(records[offset + 3]) << 8 | Int(records[offset + 4])
            guard (20...24).contains(type), major == 3, length <= 18_432 else { isFinished = true; break }
            let position = recordsBase + offset
            if isEncrypted {
                encryptedRecord(type: type, length: length, position: position, into: &output)
                offset += 5
                skip = length
                continue
            }
            guard records.count - offset - 5 >= length else { break }
            let fragment = records[(offset + 5)..<(offset + 5 + length)]
            offset += 5 + length
            clearRecord(type: type, fragment: fragment, position: position, into: &output)
        }
        if isFinished {
            records = []
            handshake = []
            segments = []
        } else {
            records.removeFirst(offset)
            recordsBase += offset
            if records.count > TLSTapReader.limit { isFinished = true; records = [] }
        }
    }

    private mutating func clearRecord(type: UInt8, fragment: ArraySlice<UInt8>, position: Int,
                                      into output: inout TapOutput) {
        switch type {
        case 22:
            handshakeBytes(fragment, position: position + 5, into: &output)
        case 21:
            let level = fragment.first
            let description = fragment.count >= 2 ? fragment[fragment.startIndex + 1] : nil
            output.sightings.append(WireSighting(message: .tlsAlert(level: level, description: description),
                                                 position: position))
        case 20:
            output.sightings.append(WireSighting(message: .tlsChangeCipherSpec, position: position))
            startEncryption()
        default:   // application data or heartbeat before a ChangeCipherSpec: encrypted from here
            startEncryption()
            encryptedRecord(type: type, length: fragment.count, position: position, into: &output)
        }
    }

    private mutating func encryptedRecord(type: UInt8, length: Int, position: Int, into output: inout TapOutput) {
        switch type {
        case 20:
            output.sightings.append(WireSighting(message: .tlsChangeCipherSpec, position: position))
        case 21:
            output.sightings.append(WireSighting(message: .tlsAlert(level: nil, description: nil), position: position))
        case 22 where !sawEncryptedFinished:
            sawEncryptedFinished = true
            output.sightings.append(WireSighting(message: .tlsEncryptedFinished, position: position))
        case 23:
            output.sightings.append(WireSighting(message: .tlsApplicationData(index: applicationRecords, length: length),
                                                 position: position))
            applicationRecords += 1
            if applicationRecords >= TLSTapReader.applicationRecordLimit { isFinished = true }
        default:
            break
        }
    }

    private mutating func startEncryption() {
        isEncrypted = true
        handshake = []
        segments = []
    }

    private mutating func handshakeBytes(_ fragment: ArraySlice<UInt8>, position: Int, into output: inout TapOutput) {
        segments.append((handshake.count, position))
        handshake.append(contentsOf: fragment)
        var offset = 0
        while !isFinished, !isEncrypted, handshake.count - offset >= 4 {
            let type = handshake[offset]
            let length = Int(handshake[offset + 1]) << 16 | Int(handshake[offset + 2]) << 8 | Int(handshake[offset + 3])
            guard length <= TLSTapReader.limit else { isFinished = true; return }
            guard handshake.count - offset - 4 >= length else { break }
            let body = handshake[(offset + 4)..<(offset + 4 + length)]
            let start = streamPosition(ofHandshakeOffset: offset)
            offset += 4 + length
            message(type: TLSHandshakeType(rawValue: type), body: body, position: start, into: &output)
        }
        guard !isFinished, !isEncrypted else { return }
        handshake.removeFirst(offset)
        // Rebase the segments: the one holding the new first byte starts at offset 0.
        let first = streamPosition(ofHandshakeOffset: offset)
        segments = segments.filter { $0.offset > offset }.map { ($0.offset - offset, $0.position) }
        segments.insert((0, first), at: 0)
    }

    private func streamPosition(ofHandshakeOffset offset: Int) -> Int {
        guard let segment = segments.last(where: { $0.offset <= offset }) else { return recordsBase }
        return segment.position + (offset - segment.offset)
    }

    private mutating func message(type: TLSHandshakeType, body: ArraySlice<UInt8>, position: Int,
                                  into output: inout TapOutput) {
        func sighted(_ message: WireMessage) { output.sightings.append(WireSighting(message: message, position: position)) }
        switch type {
        case .clientHello where fromClient:
            let name = TLSHandshakeReader.serverName(clientHello: body)
            sighted(.tlsClientHello(serverName: name))
            if let name { output.findings.append(.serverName(name)) }
        case .serverHello where !fromClient:
            guard let hello = TLSHandshakeReader.selectedVersion(serverHello: body) else {
                sighted(.tlsHandshake(type, length: body.count))
                return
            }
            sighted(.tlsServerHello(version: hello.version, retry: hello.retry))
            if hello.version == 0x0304, !hello.retry { startEncryption() }
        case .certificate where !fromClient:
            sighted(.tlsHandshake(type, length: body.count))
            if let leaf = TLSHandshakeReader.leafCertificate(certificate: body),
               let names = try? CertificateNameReader.dnsNames(leaf), let first = names.first {
                output.findings.append(.certificateName(first))
            }
        case .certificateStatus where !fromClient:
            sighted(.tlsHandshake(type, length: body.count))
            if let response = TLSHandshakeReader.stapledResponse(certificateStatus: body),
               let serials = try? OCSPSerialReader.responseSerials(response) {
                for serial in serials { output.findings.append(.stapleSerial(OCSPSerialToken.make(content: serial))) }
            }
        default:
            sighted(.tlsHandshake(type, length: body.count))
        }
    }
}

internal import COpenSSL
import StapleCore
import StaplePKI

/// One TLS connection: an OpenSSL `SSL` driven over two memory BIOs, with the stapling
/// callbacks of both ends. It knows nothing of sockets: bytes go in with ``feed(_:)`` and
/// come out of ``drainOutput(_:)``, so the same code runs under NIO and in the in-memory
/// benchmark.
///
/// Not thread-safe: one connection is used from one thread (its event loop) at a time.
final class TLSConnection {
    /// Where a handshake stands after a step.
    enum Step: Equatable {
        /// Done: application data may flow.
        case complete
        /// Waiting for bytes from the peer.
        case wantRead
        /// Client: paused until ``resolveStatusFetch(_:)`` (a classic OCSP fetch is needed).
        case pausedForStatusFetch
        /// Server: paused until ``resolveStapleFetch(_:)`` (the staple must be fetched first).
        case pausedForStapleFetch
        /// Failed.
        case failed(TLSError)
    }

    let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer
    let context: TLSContext
    let connectionContext: TLSConnectionContext

    /// Where a client's certificate-status decision stands.
    enum ClientStatusState: Equatable {
        /// The server's certificate has not been checked yet.
        case awaitingCertificate
        /// TLS 1.2 with a staple asked for: the decision waits for the CertificateStatus message.
        case awaitingCertificateStatus
        /// The policy asked for a classic OCSP fetch; `afterHandshake` when OpenSSL had already
        /// finished (TLS 1.2), so the decision gates the application data instead.
        case fetching(afterHandshake: Bool)
        /// Decided.
        case decided(StatusDecision)
    }

    /// Where a server's ClientHello and staple stand.
    enum ServerHelloState {
        /// No ClientHello yet.
        case awaitingHello
        /// The ClientHello asked for a staple that is being fetched; the handshake is paused.
        case fetchingStaple
        /// The answer to give in the status callback.
        case answered(StapleAnswer)
    }

    // Client state.
    private let hostname: String?
    private let policy: (any CertificateStatusPolicy)?
    private(set) var peerChain: [Certificate] = []
    private(set) var receivedStaple: [UInt8]?
    private(set) var clientState = ClientStatusState.awaitingCertificate

    // Server state.
    private let provider: (any StapleProvider)?
    private(set) var requestedHost: String?
    private(set) var statusRequested = false
    private(set) var serverState = ServerHelloState.awaitingHello
    private(set) var stapledBytes = 0

    /// Client: the status decision, once made.
    var statusDecision: StatusDecision? {
        if case .decided(let decision) = clientState { return decision }
        return nil
    }

    /// Client: why the certificate's status was rejected, once it was.
    var rejection: String? {
        if case .decided(.reject(let reason)) = clientState { return reason }
        return nil
    }

    private var fetchPending: Bool {
        if case .fetching = clientState { return true }
        return false
    }

    /// Where decrypted bytes land: one buffer for the connection's life, not one per read.
    private var readBuffer = [UInt8](repeating: 0, count: 16_384)

    /// A client connection to `hostname` (SNI and certificate name check).
    init(client context: TLSContext, hostname: String, policy: any CertificateStatusPolicy,
         connectionContext: TLSConnectionContext) throws(OpenSSLError) {
        precondition(context.role == .client)
        (ssl, readBIO, writeBIO) = try TLSConnection.makeSSL(context)
        self.context = context
        self.connectionContext = connectionContext
        self.hostname = hostname
        self.policy = policy
        self.provider = nil
        attach()
        SSL_set_connect_state(ssl)
        // A name OpenSSL would cut short (C strings end at NUL) is refused, not checked in part.
        guard !hostname.utf8.contains(0) else { throw OpenSSLError("SSL_set1_host: the hostname contains NUL") }
        guard shim_SSL_set_tlsext_host_name(ssl, hostname) == 1 else {
            throw OpenSSLError("SSL_set_tlsext_host_name(\(hostname))")
        }
        // Unchecked, a failure here would let a chain verify with no hostname check at all.
        guard SSL_set1_host(ssl, hostname) == 1 else { throw OpenSSLError("SSL_set1_host(\(hostname))") }
        // Unchecked, a failure here would silently stop asking for a staple.
        if policy.requestsStaple, shim_SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp) != 1 {
            throw OpenSSLError("SSL_set_tlsext_status_type(ocsp)")
        }
    }

    /// A server connection.
    init(server context: TLSContext, provider: any StapleProvider,
         connectionContext: TLSConnectionContext) throws(OpenSSLError) {
        precondition(context.role == .server)
        (ssl, readBIO, writeBIO) = try TLSConnection.makeSSL(context)
        self.context = context
        self.connectionContext = connectionContext
        self.hostname = nil
        self.policy = nil
        self.provider = provider
        attach()
        SSL_set_accept_state(ssl)
    }

    deinit {
        SSL_set_ex_data(ssl, TLSCallbacks.exDataIndex, nil)
        SSL_free(ssl) // frees both BIOs
    }

    private static func makeSSL(_ context: TLSContext) throws(OpenSSLError) -> (OpaquePointer, OpaquePointer, OpaquePointer) {
        guard let ssl = SSL_new(context.pointer) else { throw OpenSSLError("SSL_new") }
        guard let rbio = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw OpenSSLError("BIO_new(BIO_s_mem)")
        }
        guard let wbio = BIO_new(BIO_s_mem()) else {
            BIO_free(rbio) // not yet owned by the SSL
            SSL_free(ssl)
            throw OpenSSLError("BIO_new(BIO_s_mem)")
        }
        // An empty memory BIO means "no bytes yet", not end of file.
        guard shim_BIO_set_mem_eof_return(rbio, -1) == 1, shim_BIO_set_mem_eof_return(wbio, -1) == 1 else {
            BIO_free(rbio)
            BIO_free(wbio)
            SSL_free(ssl)
            throw OpenSSLError("BIO_set_mem_eof_return")
        }
        SSL_set_bio(ssl, rbio, wbio)
        return (ssl, rbio, wbio)
    }

    private func attach() {
        SSL_set_ex_data(ssl, TLSCallbacks.exDataIndex, Unmanaged.passUnretained(self).toOpaque())
    }

    // MARK: - Bytes in and out

    /// Hands bytes received from the peer to OpenSSL; an error when the memory BIO took fewer
    /// than all of them (it cannot grow), so ciphertext is never dropped silently.
    func feed(_ bytes: UnsafeRawBufferPointer) -> TLSError? {
        var offset = 0
        while offset < bytes.count {
            // BIO_write takes an Int32 count: feed a huge buffer in pieces.
            let piece = Int32(clamping: bytes.count - offset)
            ERR_clear_error()
            let written = BIO_write(readBIO, bytes.baseAddress! + offset, piece)
            guard written == piece else {
                return .ioFailed(reasons: ["BIO_write took \(max(0, written)) of \(piece) bytes"] + OpenSSLError.drainQueue())
            }
            offset += Int(written)
        }
        return nil
    }

    /// Bytes OpenSSL wants sent to the peer.
    var pendingOutput: Int { shim_BIO_pending(writeBIO) }

    /// Moves OpenSSL's pending output into `body`'s buffer: `body` gets the count and a
    /// writer that fills a buffer of that size.
    func drainOutput(_ body: (Int, (UnsafeMutableRawBufferPointer) -> Int) -> Void) {
        let pending = shim_BIO_pending(writeBIO)
        guard pending > 0 else { return }
        body(pending) { buffer in
            Int(max(0, BIO_read(self.writeBIO, buffer.baseAddress, Int32(buffer.count))))
        }
    }

    // MARK: - Handshake

    /// Advances the handshake as far as the bytes fed so far allow.
    func handshake() -> Step {
        if fetchPending { return .pausedForStatusFetch }
        ERR_clear_error()
        let rc = SSL_do_handshake(ssl)
        if rc == 1 {
            return finishClientDecision()
        }
        switch SSL_get_error(ssl, rc) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantRead
        case SSL_ERROR_WANT_RETRY_VERIFY:
            return .pausedForStatusFetch
        case SSL_ERROR_WANT_CLIENT_HELLO_CB:
            return .pausedForStapleFetch
        case SSL_ERROR_ZERO_RETURN:
            return .failed(.closedDuringHandshake)
        default:
            return .failed(handshakeError())
        }
    }

    /// The error for a failed handshake: our own status rejection first, then OpenSSL's reasons.
    private func handshakeError() -> TLSError {
        let reasons = OpenSSLError.drainQueue()
        if let rejection { return .certificateStatusRejected(rejection) }
        let verify = SSL_get_verify_result(ssl)
        let verifyText = verify == X509_V_OK ? nil : String(cString: X509_verify_cert_error_string(verify))
        return .handshakeFailed(reasons: reasons, verifyResult: verifyText)
    }

    /// After OpenSSL completed the handshake: a TLS 1.2 client may still owe its status decision.
    private func finishClientDecision() -> Step {
        guard let policy else { return .complete }
        switch clientState {
        case .awaitingCertificate, .awaitingCertificateStatus:
            // Safety net: no callback decided (e.g. the status callback did not run).
            if peerChain.isEmpty { peerChain = TLSConnection.peerChain(of: ssl) }
            if policy.requestsStaple, receivedStaple == nil { receivedStaple = currentStaple() }
            _ = decide(inVerifyCallback: false)
        case .fetching, .decided:
            break
        }
        switch clientState {
        case .fetching:
            clientState = .fetching(afterHandshake: true)
            return .pausedForStatusFetch
        case .decided(.reject(let reason)):
            return .failed(.certificateStatusRejected(reason))
        default:
            return .complete
        }
    }

    /// Client: the fetch ended with `decision`; the next ``handshake()`` resumes.
    func resolveStatusFetch(_ decision: StatusDecision) -> Step? {
        let afterHandshake = clientState == .fetching(afterHandshake: true)
        clientState = .decided(decision)
        connectionContext.record(.verifyResumed, detail: TLSConnection.describe(decision))
        connectionContext.record(.verifyEnd, detail: TLSConnection.describe(decision), payload: TLSConnection.payload(decision))
        if afterHandshake {
            // TLS 1.2 fallback: OpenSSL already finished; the decision gates the application data.
            if case .reject(let reason) = decision { return .failed(.certificateStatusRejected(reason)) }
            return .complete
        }
        return nil
    }

    /// Server: the staple fetch ended; the next ``handshake()`` resumes.
    func resolveStapleFetch(_ answer: StapleAnswer) {
        serverState = .answered(answer)
    }

    // MARK: - Application data

    /// Reads decrypted bytes; `body` is called for each chunk.
    /// Returns false when the peer closed the TLS session (close_notify) or an error occurred.
    func readPlaintext(_ body: (UnsafeRawBufferPointer) -> Void) -> Result<Bool, TLSError> {
        while true {
            var count = 0
            ERR_clear_error()
            let rc = readBuffer.withUnsafeMutableBytes { SSL_read_ex(ssl, $0.baseAddress, $0.count, &count) }
            if rc == 1 {
                readBuffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                continue
            }
            switch SSL_get_error(ssl, rc) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .success(true)
            case SSL_ERROR_ZERO_RETURN: return .success(false)
            default: return .failure(.ioFailed(reasons: OpenSSLError.drainQueue()))
            }
        }
    }

    /// Encrypts application bytes (they then wait in ``pendingOutput``).
    func writePlaintext(_ bytes: UnsafeRawBufferPointer) -> TLSError? {
        var offset = 0
        while offset < bytes.count {
            var written = 0
            ERR_clear_error()
            let rc = SSL_write_ex(ssl, bytes.baseAddress! + offset, bytes.count - offset, &written)
            guard rc == 1 else { return .ioFailed(reasons: OpenSSLError.drainQueue()) }
            offset += written
        }
        return nil
    }

    /// Sends close_notify (its bytes then wait in ``pendingOutput``).
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    // MARK: - What was negotiated

    /// The negotiated version (valid once the ServerHello was processed).
    var version: TLSVersion? { TLSVersion(openSSLValue: SSL_version(ssl)) }

    /// The negotiated cipher suite's name.
    var cipher: String {
        guard let cipher = SSL_get_current_cipher(ssl) else { return "" }
        return String(cString: SSL_CIPHER_get_name(cipher))
    }

    // MARK: - Server callbacks

    func serverClientHello(alert: UnsafeMutablePointer<Int32>?) -> Int32 {
        switch serverState {
        case .fetchingStaple:
            // Called again after a paused staple fetch: not in yet.
            return shim_SSL_CLIENT_HELLO_RETRY()
        case .answered:
            // Called again after a paused staple fetch: the answer is in.
            return shim_SSL_CLIENT_HELLO_SUCCESS()
        case .awaitingHello:
            break
        }
        requestedHost = TLSConnection.clientHelloServerName(ssl)
        var out: UnsafePointer<UInt8>? = nil
        var length = 0
        statusRequested = SSL_client_hello_get0_ext(ssl, UInt32(TLSEXT_TYPE_status_request), &out, &length) == 1
        connectionContext.record(.clientHelloReceived,
                                 detail: "sni=\(requestedHost ?? "-") status_request=\(statusRequested ? "yes" : "no") peer=\(connectionContext.peerAddress)",
                                 payload: .clientHello(serverName: requestedHost, statusRequested: statusRequested,
                                                       peer: connectionContext.peerAddress))
        if let host = requestedHost {
            // The server learns which site the client wants from the SNI it just read.
            connectionContext.trace.observe(Observation(
                observer: connectionContext.party, observerAddress: connectionContext.localAddress, hostname: host,
                clientAddress: connectionContext.peerIP, via: .sni, connection: connectionContext.connection))
        }
        if let host = requestedHost, let identity = context.identity(for: host), identity.certificate !== context.defaultIdentity?.certificate {
            guard use(identity) else {
                serverState = .answered(.none("could not use the certificate for \(host)"))
                alert?.pointee = SSL_AD_INTERNAL_ERROR
                return shim_SSL_CLIENT_HELLO_ERROR()
            }
        }
        guard statusRequested, let provider else {
            serverState = .answered(.none(statusRequested ? "no staple provider" : "client did not ask for status"))
            return shim_SSL_CLIENT_HELLO_SUCCESS()
        }
        // The staple of the certificate sent: for an unknown SNI, the default site's.
        switch provider.lookup(host: serverHost, connection: connectionContext) {
        case .answer(let answer):
            serverState = .answered(answer)
            return shim_SSL_CLIENT_HELLO_SUCCESS()
        case .fetch:
            serverState = .fetchingStaple
            return shim_SSL_CLIENT_HELLO_RETRY()
        }
    }

    /// The site the server is answering for: the SNI's when it has that certificate, else the
    /// default site (no SNI or an unknown one).
    var serverHost: String { context.servedHost(for: requestedHost) }

    func serverStatus() -> Int32 {
        guard case .answered(let answer) = serverState else {
            connectionContext.record(.stapleNotSent, detail: "no answer")
            return SSL_TLSEXT_ERR_NOACK
        }
        switch answer {
        case .staple(let bytes):
            guard !bytes.isEmpty, let copy = shim_OPENSSL_malloc(bytes.count) else { return SSL_TLSEXT_ERR_NOACK }
            bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            guard shim_SSL_set_tlsext_status_ocsp_resp(ssl, copy.assumingMemoryBound(to: UInt8.self), bytes.count) == 1 else {
                shim_OPENSSL_free(copy)
                return SSL_TLSEXT_ERR_NOACK
            }
            stapledBytes = bytes.count
            connectionContext.record(.stapleSent, bytes: bytes.count)
            return SSL_TLSEXT_ERR_OK
        case .none(let reason):
            connectionContext.record(.stapleNotSent, detail: reason)
            return SSL_TLSEXT_ERR_NOACK
        }
    }

    private func use(_ identity: IssuedCertificate) -> Bool {
        guard let stack = OPENSSL_sk_new_null() else { return false }
        defer { OPENSSL_sk_free(stack) }
        for cert in identity.chain where OPENSSL_sk_push(stack, UnsafeRawPointer(cert.pointer)) <= 0 { return false }
        return SSL_use_cert_and_key(ssl, identity.certificate.pointer, identity.key.pointer, stack, 1) == 1
    }

    /// The server_name of the ClientHello (RFC 6066 §3), read from the raw extension.
    static func clientHelloServerName(_ ssl: OpaquePointer) -> String? {
        var out: UnsafePointer<UInt8>? = nil
        var length = 0
        guard SSL_client_hello_get0_ext(ssl, UInt32(TLSEXT_TYPE_server_name), &out, &length) == 1,
              let out, length > 5 else { return nil }
        let bytes = UnsafeBufferPointer(start: out, count: length)
        // ServerNameList length (2), then entries: type (1) = host_name (0), length (2), name.
        guard bytes[2] == 0 else { return nil }
        let nameLength = Int(bytes[3]) << 8 | Int(bytes[4])
        guard 5 + nameLength <= length else { return nil }
        return String(decoding: bytes[5..<(5 + nameLength)], as: UTF8.self)
    }

    // MARK: - Client callbacks

    func clientVerify(preverifyOK: Int32, storeContext: OpaquePointer) -> Int32 {
        guard preverifyOK == 1 else { return 0 } // chain or name invalid: OpenSSL reports it
        guard X509_STORE_CTX_get_error_depth(storeContext) == 0 else { return 1 }
        switch clientState {
        case .decided(let decision):
            // Resumed after a fetch (OpenSSL re-runs the whole chain), or decided already.
            return TLSConnection.verdict(decision, storeContext)
        case .fetching:
            return 1
        case .awaitingCertificate, .awaitingCertificateStatus:
            break
        }
        peerChain = TLSConnection.chain(of: storeContext)
        connectionContext.record(.certificateReceived, detail: "chain=\(peerChain.count) version=\(version?.description ?? "?")")
        guard let policy else { return 1 }
        if policy.requestsStaple && version == .tls12 {
            // The CertificateStatus message comes after the Certificate in TLS 1.2: decide when it is in.
            clientState = .awaitingCertificateStatus
            return 1
        }
        if policy.requestsStaple { receivedStaple = currentStaple() }
        switch decide(inVerifyCallback: true) {
        case .some(let decision): return TLSConnection.verdict(decision, storeContext)
        case .none: return 1 // paused with SSL_set_retry_verify
        }
    }

    func clientStatus() -> Int32 {
        guard clientState == .awaitingCertificateStatus else { return 1 }
        receivedStaple = currentStaple()
        switch decide(inVerifyCallback: false) {
        case .some(.reject): return 0
        default: return 1 // accepted, or a fetch after the handshake
        }
    }

    /// Runs the policy. Returns the decision, or nil when a fetch must happen first.
    private func decide(inVerifyCallback: Bool) -> StatusDecision? {
        guard let policy, let version, !peerChain.isEmpty else {
            clientState = .decided(.accept("no policy"))
            return .accept("no policy")
        }
        if policy.requestsStaple {
            if let staple = receivedStaple {
                connectionContext.record(.stapleReceived, bytes: staple.count)
            } else {
                connectionContext.record(.stapleAbsent)
            }
        }
        connectionContext.record(.verifyStart)
        let peer = PeerCertificates(chain: peerChain, staple: receivedStaple, stapleRequested: policy.requestsStaple,
                                    version: version, hostname: hostname ?? "")
        switch policy.evaluate(peer, connection: connectionContext) {
        case .decided(let decision):
            clientState = .decided(decision)
            connectionContext.record(.verifyEnd, detail: TLSConnection.describe(decision), payload: TLSConnection.payload(decision))
            return decision
        case .fetch:
            clientState = .fetching(afterHandshake: false)
            if inVerifyCallback { _ = shim_SSL_set_retry_verify(ssl) }
            connectionContext.record(.verifyPaused)
            return nil
        }
    }

    /// The inputs a pending fetch works on.
    var pendingPeer: PeerCertificates? {
        guard let policy, let version, !peerChain.isEmpty else { return nil }
        return PeerCertificates(chain: peerChain, staple: receivedStaple, stapleRequested: policy.requestsStaple,
                                version: version, hostname: hostname ?? "")
    }

    private func currentStaple() -> [UInt8]? {
        var pointer: UnsafePointer<UInt8>? = nil
        let length = shim_SSL_get_tlsext_status_ocsp_resp(ssl, &pointer)
        guard length > 0, let pointer else { return nil }
        return Array(UnsafeBufferPointer(start: pointer, count: length))
    }

    private static func verdict(_ decision: StatusDecision, _ storeContext: OpaquePointer) -> Int32 {
        if case .accept = decision { return 1 }
        X509_STORE_CTX_set_error(storeContext, X509_V_ERR_APPLICATION_VERIFICATION)
        return 0
    }

    /// The typed facts of a decision, for its `tls.verify-end` event.
    static func payload(_ decision: StatusDecision) -> EventPayload {
        switch decision {
        case .accept(let note): return .decision(accepted: true, note: note)
        case .reject(let reason): return .decision(accepted: false, note: reason)
        }
    }

    static func describe(_ decision: StatusDecision) -> String {
        switch decision {
        case .accept(let note): return "accept: \(note)"
        case .reject(let reason): return "reject: \(reason)"
        }
    }

    private static func chain(of storeContext: OpaquePointer) -> [Certificate] {
        guard let stack = X509_STORE_CTX_get0_chain(storeContext) else { return [] }
        return (0..<OPENSSL_sk_num(stack)).compactMap { index in
            OPENSSL_sk_value(stack, index).map { Certificate(retaining: OpaquePointer($0)) }
        }
    }

    private static func peerChain(of ssl: OpaquePointer) -> [Certificate] {
        guard let stack = SSL_get0_verified_chain(ssl) else { return [] }
        return (0..<OPENSSL_sk_num(stack)).compactMap { index in
            OPENSSL_sk_value(stack, index).map { Certificate(retaining: OpaquePointer($0)) }
        }
    }
}

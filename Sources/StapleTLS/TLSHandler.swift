import NIOCore
import StapleCore
import StaplePKI

/// A SwiftNIO channel handler that runs TLS with OpenSSL over the channel's bytes (client or
/// server), the way swift-nio-ssl does with BoringSSL: ciphertext below, plaintext above.
///
/// The server staples what its ``StapleProvider`` hands it; the client asks for a staple and
/// decides on the certificate's status through its ``CertificateStatusPolicy``, pausing the
/// handshake (OpenSSL 3's `SSL_set_retry_verify`) while a classic OCSP fetch runs.
///
/// Events go to the run's ``Trace`` on one monotonic clock: ClientHello sent, certificate
/// received, staple received or absent, verification start/pause/resume/end, handshake
/// complete, request sent, first application byte.
public final class TLSHandler: ChannelDuplexHandler, RemovableChannelHandler {
    /// Ciphertext from the network.
    public typealias InboundIn = ByteBuffer
    /// Plaintext to the application.
    public typealias InboundOut = ByteBuffer
    /// Plaintext from the application.
    public typealias OutboundIn = ByteBuffer
    /// Ciphertext to the network.
    public typealias OutboundOut = ByteBuffer

    /// The connection's life.
    enum State: Equatable {
        case idle, handshaking, paused, active, closing, closed
    }

    private enum Role {
        case client(TLSContext, hostname: String, policy: any CertificateStatusPolicy)
        case server(TLSContext, provider: any StapleProvider)
    }

    private let role: Role
    private let trace: Trace
    private let party: Party
    /// This end's connection identifier (events are recorded under it).
    public let connectionID: ConnectionID
    private let handshakePromise: EventLoopPromise<Void>?
    private var state: State = .idle
    private var connection: TLSConnection?
    private var context: ChannelHandlerContext?
    private var pendingWrites: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    private var sentRequest = false
    private var sawFirstByte = false
    private var sentClientHello = false

    /// A client handler for `hostname` (sent as SNI and checked against the certificate).
    public init(client context: TLSContext, hostname: String, policy: any CertificateStatusPolicy,
                trace: Trace, party: Party, connection: ConnectionID = .next(),
                handshakePromise: EventLoopPromise<Void>? = nil) {
        self.role = .client(context, hostname: hostname, policy: policy)
        self.trace = trace
        self.party = party
        self.connectionID = connection
        self.handshakePromise = handshakePromise
    }

    /// A server handler stapling what `provider` hands it.
    public init(server context: TLSContext, provider: any StapleProvider, trace: Trace, party: Party,
                connection: ConnectionID = .next(), handshakePromise: EventLoopPromise<Void>? = nil) {
        self.role = .server(context, provider: provider)
        self.trace = trace
        self.party = party
        self.connectionID = connection
        self.handshakePromise = handshakePromise
    }

    // MARK: - Lifecycle

    /// Creates the OpenSSL connection; a client starts its handshake once the channel is active.
    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let connectionContext = TLSConnectionContext(
            eventLoop: context.eventLoop, trace: trace, party: party, connection: connectionID,
            peerAddress: context.channel.remoteAddress.map(TLSHandler.describe) ?? "",
            localAddress: context.channel.localAddress.map(TLSHandler.describe) ?? "")
        do {
            switch role {
            case .client(let tls, let hostname, let policy):
                connection = try TLSConnection(client: tls, hostname: hostname, policy: policy,
                                               connectionContext: connectionContext)
            case .server(let tls, let provider):
                connection = try TLSConnection(server: tls, provider: provider, connectionContext: connectionContext)
            }
        } catch {
            fail(.handshakeFailed(reasons: error.reasons, verifyResult: nil), context: context)
            return
        }
        if context.channel.isActive { start(context: context) }
    }

    /// Drops the reference to the context.
    public func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Starts the handshake.
    public func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard state == .idle, connection != nil else { return }
        state = .handshaking
        if case .client = role { advanceHandshake(context: context) }
    }

    /// Fails a handshake in progress when the peer goes away.
    public func channelInactive(context: ChannelHandlerContext) {
        switch state {
        case .idle, .handshaking, .paused:
            fail(.closedDuringHandshake, context: context, close: false)
        default:
            break
        }
        state = .closed
        for (_, promise) in pendingWrites { promise?.fail(TLSError.closed) }
        pendingWrites.removeAll()
        context.fireChannelInactive()
    }

    // MARK: - Inbound

    /// Feeds ciphertext to OpenSSL and moves the handshake or the application data on.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard let connection, state != .closed else { return }
        if let error = buffer.withUnsafeReadableBytes({ connection.feed($0) }) {
            fail(error, context: context)
            return
        }
        switch state {
        case .handshaking: advanceHandshake(context: context)
        case .active, .closing: readApplicationData(context: context)
        case .idle, .paused, .closed: break // paused: the bytes wait in the BIO until resumed
        }
    }

    private func advanceHandshake(context: ChannelHandlerContext) {
        guard let connection else { return }
        let step = connection.handshake()
        flushCiphertext(context: context)
        if case .client = role, !sentClientHello {
            sentClientHello = true
            trace.record(party, .clientHelloSent, connection: connectionID)
        }
        handle(step, context: context)
    }

    private func handle(_ step: TLSConnection.Step, context: ChannelHandlerContext) {
        switch step {
        case .wantRead:
            break
        case .complete:
            completeHandshake(context: context)
        case .failed(let error):
            fail(error, context: context)
        case .pausedForStatusFetch:
            pauseForStatusFetch(context: context)
        case .pausedForStapleFetch:
            pauseForStapleFetch(context: context)
        }
    }

    private func pauseForStatusFetch(context: ChannelHandlerContext) {
        guard case .client(_, _, let policy) = role, let connection, let peer = connection.pendingPeer else {
            fail(.handshakeFailed(reasons: ["paused without a certificate to check"], verifyResult: nil), context: context)
            return
        }
        state = .paused
        policy.fetch(peer, connection: connection.connectionContext)
            .hop(to: context.eventLoop)
            .assumeIsolated()
            .whenComplete { result in
                guard self.state == .paused, let context = self.context, let connection = self.connection else { return }
                let decision: StatusDecision
                switch result {
                case .success(let value): decision = value
                case .failure(let error): decision = .reject("status fetch failed: \(error)")
                }
                self.state = .handshaking
                if let step = connection.resolveStatusFetch(decision) {
                    self.handle(step, context: context)
                } else {
                    self.advanceHandshake(context: context)
                }
            }
    }

    private func pauseForStapleFetch(context: ChannelHandlerContext) {
        guard case .server(_, let provider) = role, let connection else { return }
        state = .paused
        provider.fetch(host: connection.serverHost, connection: connection.connectionContext)
            .hop(to: context.eventLoop)
            .assumeIsolated()
            .whenComplete { result in
                guard self.state == .paused, let context = self.context, let connection = self.connection else { return }
                switch result {
                case .success(let answer): connection.resolveStapleFetch(answer)
                case .failure(let error): connection.resolveStapleFetch(.none("fetch failed: \(error)"))
                }
                self.state = .handshaking
                self.advanceHandshake(context: context)
            }
    }

    private func completeHandshake(context: ChannelHandlerContext) {
        guard let connection else { return }
        state = .active
        let version = connection.version?.description ?? "", cipher = connection.cipher
        trace.record(party, .handshakeComplete, connection: connectionID,
                     detail: "\(version.isEmpty ? "?" : version) \(cipher)",
                     payload: .handshake(version: version, cipher: cipher))
        // What was negotiated travels by that event only; the promise and the user event just say "done".
        handshakePromise?.succeed()
        context.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted)
        // Application data may have arrived with the last handshake flight.
        readApplicationData(context: context)
        let writes = pendingWrites
        pendingWrites.removeAll()
        for (buffer, promise) in writes { encryptAndWrite(buffer, promise: promise, context: context) }
        if !writes.isEmpty { context.flush() }
    }

    private func readApplicationData(context: ChannelHandlerContext) {
        guard let connection else { return }
        let result = connection.readPlaintext { bytes in
            if !sawFirstByte {
                sawFirstByte = true
                trace.record(party, .firstByte, connection: connectionID, bytes: bytes.count)
            }
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.fireChannelRead(wrapInboundOut(buffer))
        }
        flushCiphertext(context: context)
        switch result {
        case .success(true):
            break
        case .success(false):
            // close_notify from the peer: answer it and close.
            context.fireUserInboundEventTriggered(TLSUserEvent.closeNotifyReceived)
            close(context: context, mode: .all, promise: nil)
        case .failure(let error):
            context.fireErrorCaught(error)
            context.close(promise: nil)
        }
        context.fireChannelReadComplete()
    }

    // MARK: - Outbound

    /// Encrypts application data (buffered until the handshake completes).
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        switch state {
        case .active:
            encryptAndWrite(buffer, promise: promise, context: context)
        case .idle, .handshaking, .paused:
            pendingWrites.append((buffer, promise))
        case .closing, .closed:
            promise?.fail(TLSError.closed)
        }
    }

    /// Flushes the ciphertext written so far.
    public func flush(context: ChannelHandlerContext) {
        if state == .active { context.flush() }
    }

    /// Sends close_notify, then closes the channel.
    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all || mode == .output else {
            context.close(mode: mode, promise: promise)
            return
        }
        if state == .active, let connection {
            state = .closing
            connection.shutdown()
            flushCiphertext(context: context)
        }
        context.close(mode: mode, promise: promise)
    }

    private func encryptAndWrite(_ buffer: ByteBuffer, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        guard let connection else { promise?.fail(TLSError.closed); return }
        if !sentRequest {
            sentRequest = true
            trace.record(party, .requestSent, connection: connectionID, bytes: buffer.readableBytes)
        }
        if let error = buffer.withUnsafeReadableBytes({ connection.writePlaintext($0) }) {
            promise?.fail(error)
            context.fireErrorCaught(error)
            return
        }
        writeCiphertext(context: context, promise: promise)
    }

    // MARK: - Ciphertext

    private func flushCiphertext(context: ChannelHandlerContext) {
        if writeCiphertext(context: context, promise: nil) { context.flush() }
    }

    @discardableResult
    private func writeCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) -> Bool {
        guard let connection, connection.pendingOutput > 0 else {
            promise?.succeed()
            return false
        }
        var wrote = false
        connection.drainOutput { count, fill in
            var buffer = context.channel.allocator.buffer(capacity: count)
            let written = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { fill($0) }
            if written > 0 {
                context.write(wrapOutboundOut(buffer), promise: promise)
                wrote = true
            } else {
                promise?.succeed()
            }
        }
        return wrote
    }

    // MARK: - Failure

    private func fail(_ error: TLSError, context: ChannelHandlerContext, close: Bool = true) {
        let wasOpen = state != .closed
        state = .closed
        if wasOpen {
            trace.record(party, .handshakeFailed, connection: connectionID, detail: error.description)
        }
        handshakePromise?.fail(error)
        for (_, promise) in pendingWrites { promise?.fail(error) }
        pendingWrites.removeAll()
        if wasOpen {
            context.fireErrorCaught(error)
        }
        if close {
            // Let OpenSSL's alert (if any) reach the peer before closing.
            flushCiphertext(context: context)
            context.close(promise: nil)
        }
    }

    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return "\(ip):\(port)"
    }
}

/// Events a ``TLSHandler`` passes up the pipeline.
public enum TLSUserEvent: Sendable {
    /// The handshake completed (and, for a client, the certificate status was accepted): what it
    /// negotiated is in the connection's `tls.handshake-complete` and `tls.verify-end` events.
    case handshakeCompleted
    /// The peer sent close_notify.
    case closeNotifyReceived
}

@available(*, unavailable)
extension TLSHandler: Sendable {}

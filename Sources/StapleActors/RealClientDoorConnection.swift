import NIOCore
import NIOPosix
import StapleCore
import StapleLinks

/// One connection through a real client's door: the program's socket (downstream) and the
/// socket to the shared front door (upstream, bound to the client's own address), spliced
/// byte for byte with no delay, and every crossing told to the visit in progress.
///
/// Everything runs on the downstream channel's event loop (the upstream socket is made on the
/// same loop), so no state needs a lock.
final class RealClientDoorConnection: SplicedConnection {
    private enum Upstream { case connecting(pending: [ByteBuffer], bytes: Int), connected(Channel), closed }

    /// Bytes the program may send before the upstream socket is connected.
    static let pendingLimit = 1 << 20

    private let door: RealClientDoorContext
    private let downstream: Channel
    private let loop: EventLoop
    private let visit: RealClientVisit?
    private let number: Int
    private var upstream = Upstream.connecting(pending: [], bytes: 0)
    private var downstreamOpen = true

    /// The visit this connection's crossings are told to: a site connection belongs to the visit
    /// it was opened in (the server closes it after its answer); a responder connection to the
    /// visit in progress when its bytes cross, since a browser kept across visits (Firefox with
    /// `cache: true`) reuses its responder connection in a later visit.
    private var visitNow: RealClientVisit? { door.role == .responder ? door.visits.current : visit }

    /// A connection for the accepted `channel`, told to the visit in progress (none: it is still spliced).
    init(door: RealClientDoorContext, channel: Channel) {
        self.door = door
        self.downstream = channel
        self.loop = channel.eventLoop
        self.visit = door.visits.current
        self.number = door.nextConnection()
    }

    /// A socket became active: the accepted one (connect upstream), or the upstream one (it connected).
    func active(_ side: SpliceSide, channel: Channel) {
        switch side {
        case .downstream: downstreamActive()
        case .upstream: upstreamActive(channel)
        }
    }

    /// The accepted socket is active: tell the visit, connect upstream from the client's address.
    private func downstreamActive() {
        visitNow?.accepted(door.role, connection: number, at: .now())
        let source: SocketAddress
        do {
            source = try SocketAddress(ipAddress: door.source, port: 0)
        } catch {
            fail()
            return
        }
        SpliceBootstrap.connectUpstream(self, on: loop, from: source, to: door.upstream) { [self] _ in fail() }
    }

    /// The upstream socket connected: tell the visit its local address (the front door's peer), send what waited.
    private func upstreamActive(_ channel: Channel) {
        guard case .connecting(let pending, _) = upstream, downstreamOpen else {
            channel.close(promise: nil)
            return
        }
        upstream = .connected(channel)
        let local = channel.localAddress
        visit?.upstreamConnected(door.role, connection: number,
                                 local: "\(local?.ipAddress ?? door.source):\(local?.port ?? 0)", at: .now())
        for buffer in pending { channel.write(buffer, promise: nil) }
        channel.flush()
    }

    /// Bytes arrived on `side`: told to the visit, then passed on.
    func receive(from side: SpliceSide, _ data: ByteBuffer) {
        let now = Instant.now()
        switch side {
        case .downstream:
            visitNow?.bytes(door.role, connection: number, fromProgram: true, count: data.readableBytes,
                         onlyChangeCipherSpec: RealClientDoorConnection.isLoneChangeCipherSpec(data), at: now)
            switch upstream {
            case .connecting(var pending, let bytes):
                guard bytes + data.readableBytes <= RealClientDoorConnection.pendingLimit else {
                    fail()
                    return
                }
                pending.append(data)
                upstream = .connecting(pending: pending, bytes: bytes + data.readableBytes)
            case .connected(let channel):
                channel.writeAndFlush(data, promise: nil)
            case .closed:
                break
            }
        case .upstream:
            visitNow?.bytes(door.role, connection: number, fromProgram: false, count: data.readableBytes,
                         onlyChangeCipherSpec: false, at: now)
            if downstreamOpen { downstream.writeAndFlush(data, promise: nil) }
        }
    }

    /// Whether `data` is exactly one TLS ChangeCipherSpec record (`14 03 0x 00 01 01`): the
    /// dummy one a TLS 1.3 client in middlebox-compatibility mode (gnutls) sends as soon as it
    /// reads the ServerHello, before its own check and its Finished.
    static func isLoneChangeCipherSpec(_ data: ByteBuffer) -> Bool {
        guard data.readableBytes == 6, let bytes = data.getBytes(at: data.readerIndex, length: 6) else { return false }
        return bytes[0] == 0x14 && bytes[1] == 0x03 && bytes[3] == 0x00 && bytes[4] == 0x01 && bytes[5] == 0x01
    }

    /// `side`'s peer shut down its output: shut down the other side's output.
    func inputClosed(_ side: SpliceSide) {
        switch side {
        case .downstream:
            if case .connected(let channel) = upstream { channel.close(mode: .output, promise: nil) }
        case .upstream:
            if downstreamOpen { downstream.close(mode: .output, promise: nil) }
        }
    }

    /// `side` closed: close the other, and tell the visit once both are closed.
    func inactive(_ side: SpliceSide) {
        switch side {
        case .downstream:
            downstreamOpen = false
            if case .connected(let channel) = upstream { channel.close(promise: nil) }
            upstream = .closed
            visitNow?.closed(door.role, connection: number, at: .now())
        case .upstream:
            upstream = .closed
            if downstreamOpen { downstream.close(promise: nil) }
        }
    }

    /// The upstream connect failed or the program sent too much too early: close both.
    func fail() {
        if case .connected(let channel) = upstream { channel.close(promise: nil) }
        upstream = .closed
        if downstreamOpen { downstream.close(promise: nil) }
    }
}

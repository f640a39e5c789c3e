#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import StapleCore

/// One connection through a TCP link: the accepted socket from the connecting party
/// (downstream), the socket to the actor (upstream, bound to the party's own IP), and a
/// pipe with a queue for each direction.
///
/// Everything here runs on the downstream channel's event loop (the upstream socket is
/// made on the same loop), so no state needs a lock.
final class LinkConnection: SplicedConnection {
    /// Which socket of the connection.

    /// What travels through a direction's queue.
    private enum Payload {
        case data(ByteBuffer)
        /// The sender shut down its output (FIN): shut down the target's output.
        case halfClose
        /// The sender closed: close the target once its bytes are written.
        case close
        /// The reset fault fires here.
        case reset
    }

    private struct Queued {
        var deadline: UInt64
        var payload: Payload
    }

    /// One direction: its pipe, the chunks waiting for their deadline, and its timer.
    private final class Direction {
        var pipe: Pipe
        var queue = CircularBuffer<Queued>(initialCapacity: 4)
        var timer: Scheduled<Void>?
        var needsFlush = false
        /// The target socket is gone: nothing more is delivered.
        var closed = false
        /// A half-close was delivered to the target.
        var eofDelivered = false
        /// Bytes written to the target socket so far.
        var delivered = 0

        init(pipe: Pipe) { self.pipe = pipe }
    }

    private enum Mode { case forwarding, hanging, refusing, resetting, closed }
    private enum Upstream { case idle, connecting, connected(Channel), failed, closed }

    /// Deadlines this close to now are due (timers may fire a hair early).
    private static let slack = DeliveryTiming.slack

    private let context: FrontDoorContext
    private let downstream: Channel
    private let loop: EventLoop
    private let id = ConnectionID.next()
    private let peerText: String
    private let sourceIP: String
    private let seed: UInt64
    private var spec: LinkSpec
    private var generation: UInt64
    private let forward: Direction
    private let backward: Direction
    private var mode = Mode.forwarding
    private var upstream = Upstream.idle
    private var downstreamOpen = true
    private var handshakeGate: UInt64 = 0
    private var resetBudget: Int?
    private var connectTimer: Scheduled<Void>?
    private var faultTimer: Scheduled<Void>?
    private var tap: TapSession?

    /// A connection for the accepted `channel` (called in the child channel initializer).
    init(context: FrontDoorContext, channel: Channel) {
        self.context = context
        self.downstream = channel
        self.loop = channel.eventLoop
        let peer = channel.remoteAddress
        self.sourceIP = peer?.ipAddress ?? "0.0.0.0"
        self.peerText = "\(sourceIP):\(peer?.port ?? 0)"
        (spec, generation) = context.routes.spec(for: sourceIP)
        seed = context.nextSeed(spec)
        forward = Direction(pipe: Pipe(spec.forward, seed: SeededGenerator.pipeSeed(seed, .forward, generation: 0)))
        backward = Direction(pipe: Pipe(spec.backward, seed: SeededGenerator.pipeSeed(seed, .backward, generation: 0)))
        if context.tap {
            tap = TapSession(link: spec.name, observerAddress: context.frontAddress,
                             clientAddress: sourceIP, connection: id, trace: context.trace, budget: context.wireBudget)
        }
    }

    // MARK: - Events from the handlers

    /// A socket became active: the accepted one starts the connection, the upstream one opens the forward path.
    func active(_ side: SpliceSide, channel: Channel) {
        switch side {
        case .downstream: accept()
        case .upstream: upstreamActive(channel)
        }
    }

    /// Bytes arrived on `side`.
    func receive(from side: SpliceSide, _ data: ByteBuffer) {
        if context.routes.generation != generation { refreshSpec() }
        let arrived = now()
        let direction = side == .downstream ? forward : backward
        guard case .forwarding = mode, !direction.closed else {   // hang, refuse, reset, closed: discard
            tap?.inspect(Self.wireDirection(from: side), data.readableBytesView,
                         stamp: WireStamp(sentAt: arrived, deliveredAt: nil))
            return
        }
        var data = data
        let original = data
        var resetHere = false
        if let budget = resetBudget {
            if data.readableBytes >= budget {
                data = data.getSlice(at: data.readerIndex, length: budget) ?? data
                resetHere = true
                mode = .resetting
            } else {
                resetBudget = budget - data.readableBytes
            }
        }
        let now = arrived.nanoseconds
        let deadline = direction.pipe.deadline(arrival: arrival(now, from: side), bytes: data.readableBytes)
        tap?.inspect(Self.wireDirection(from: side), original.readableBytesView,
                     stamp: WireStamp(sentAt: arrived, deliveredAt: Instant(nanoseconds: deadline)))
        if data.readableBytes > 0 { enqueue(.data(data), deadline: deadline, in: direction, now: now) }
        if resetHere { enqueue(.reset, deadline: deadline, in: direction, now: now) }
    }

    /// A read burst on `side` ended: flush what was written straight through.
    func readComplete(_ side: SpliceSide) {
        let direction = side == .downstream ? forward : backward
        guard direction.needsFlush else { return }
        direction.needsFlush = false
        target(of: direction)?.flush()
    }

    /// The peer on `side` shut down its output (FIN with half-closure allowed).
    func inputClosed(_ side: SpliceSide) {
        let arrived = now()
        guard case .forwarding = mode else {
            tap?.closed(Self.wireDirection(from: side), stamp: WireStamp(sentAt: arrived, deliveredAt: nil))
            if side == .downstream { closeBoth() }
            return
        }
        let direction = side == .downstream ? forward : backward
        let now = arrived.nanoseconds
        let deadline = direction.pipe.deadline(arrival: arrival(now, from: side), bytes: 0)
        tap?.closed(Self.wireDirection(from: side), stamp: WireStamp(sentAt: arrived, deliveredAt: Instant(nanoseconds: deadline)))
        enqueue(.halfClose, deadline: deadline, in: direction, now: now)
    }

    /// The socket on `side` closed.
    func inactive(_ side: SpliceSide) {
        let toward = side == .downstream ? backward : forward
        stop(toward)
        switch side {
        case .downstream: downstreamOpen = false
        case .upstream: upstream = .closed
        }
        let arrived = now()
        switch mode {
        case .forwarding:
            let from = side == .downstream ? forward : backward
            let now = arrived.nanoseconds
            let deadline = from.pipe.deadline(arrival: arrival(now, from: side), bytes: 0)
            tap?.closed(Self.wireDirection(from: side),
                        stamp: WireStamp(sentAt: arrived, deliveredAt: from.closed ? nil : Instant(nanoseconds: deadline)))
            enqueue(.close, deadline: deadline, in: from, now: now)
        case .hanging, .refusing, .resetting, .closed:
            tap?.closed(Self.wireDirection(from: side), stamp: WireStamp(sentAt: arrived, deliveredAt: nil))
            closeBoth()
        }
        finishIfDone()
    }

    /// The socket on `side` became (un)writable: pause or resume reading from the other side.
    func writabilityChanged(_ side: SpliceSide, writable: Bool) {
        let source: Channel?
        switch side {
        case .downstream: source = upstreamChannel
        case .upstream: source = downstream
        }
        source?.setOption(ChannelOptions.autoRead, value: writable).whenFailure { _ in }
    }

    /// The link stops: deliver what is queued now and close both sides once written.
    func drain() {
        guard case .forwarding = mode else {
            closeBoth()
            return
        }
        mode = .closed
        connectTimer?.cancel()
        faultTimer?.cancel()
        deliver(backward, force: true)
        deliver(forward, force: true)
        closeAfterWrites(downstream)
        if let upstreamChannel { closeAfterWrites(upstreamChannel) }
        if case .idle = upstream { upstream = .failed }
    }

    // MARK: - Accept, faults, upstream

    private func accept() {
        let now = self.now()
        context.register(downstream)
        record(.linkAccepted, detail: "peer=\(peerText)", payload: .endpoints(local: context.frontAddress, remote: peerText),
               at: now)
        let fault = spec.fault(atElapsed: context.clock.time(at: now) - context.clock.epoch)
        let roundTrip = spec.forward.latency.seconds + spec.backward.latency.seconds
        if case .refuse = fault {
            mode = .refusing
            faultTimer = schedule(at: now.adding(seconds: roundTrip).nanoseconds) { connection in
                connection.record(.linkFault, detail: "refuse (reset after the emulated round trip)")
                connection.mode = .closed
                LinkConnection.reset(connection.downstream)
            }
            return
        }
        if spec.emulateTCPHandshake {
            let gate = now.adding(seconds: roundTrip)
            handshakeGate = gate.nanoseconds
            record(.linkHandshakeEmulated, detail: "peer=\(peerText)", payload: .endpoints(local: nil, remote: peerText),
                   at: gate)
        }
        switch fault {
        case .hang:
            mode = .hanging
            record(.linkFault, detail: "hang", at: now)
            return
        case .resetAfter(let bytes):
            resetBudget = max(0, bytes)
        case .closeAfter(let delay):
            faultTimer = schedule(at: now.adding(seconds: delay.seconds).nanoseconds) { connection in
                connection.record(.linkFault, detail: "close-after \(delay)")
                connection.mode = .closed
                connection.closeBoth()
            }
        case .none, .refuse:
            break
        }
        let connectAt = spec.emulateTCPHandshake
            ? now.adding(seconds: spec.forward.latency.seconds).nanoseconds : now.nanoseconds
        if connectAt > now.nanoseconds + LinkConnection.slack {
            connectTimer = schedule(at: connectAt) { $0.connectUpstream() }
        } else {
            connectUpstream()
        }
    }

    private func connectUpstream() {
        guard case .idle = upstream else { return }
        guard mode != .closed, mode != .hanging, mode != .refusing else { return }
        guard let target = context.target else {
            upstreamFailed("the link has no target yet (call setTarget)")
            return
        }
        let source: SocketAddress
        do {
            source = try SocketAddress(ipAddress: sourceIP, port: 0)
        } catch {
            upstreamFailed("cannot bind the source address \(sourceIP): \(error)")
            return
        }
        upstream = .connecting
        context.connectUpstream(self, loop, source, target) { [self] error in
            upstreamFailed("connect to \(target) from \(source) failed: \(error)")
        }
    }

    private func upstreamActive(_ channel: Channel) {
        guard case .connecting = upstream, mode != .closed else {
            channel.close(promise: nil)
            return
        }
        upstream = .connected(channel)
        if !channel.isWritable { writabilityChanged(.upstream, writable: false) }
        deliver(forward)
    }

    private func upstreamFailed(_ reason: String) {
        guard mode != .closed else { return }
        upstream = .failed
        mode = .closed
        record(.linkFault, detail: "upstream-unreachable: \(reason)")
        // The party sees what it would see from a closed port: a reset, one backward latency later.
        let at = now().adding(seconds: spec.backward.latency.seconds).nanoseconds
        faultTimer = schedule(at: at) { LinkConnection.reset($0.downstream) }
    }

    // MARK: - Queues

    private func enqueue(_ payload: Payload, deadline: UInt64, in direction: Direction, now: UInt64) {
        if direction.queue.isEmpty, deadline <= now &+ LinkConnection.slack,
           case .data(let buffer) = payload, let target = target(of: direction) {
            target.write(buffer, promise: nil)   // the hot path: no timer, flushed at read-complete
            direction.delivered += buffer.readableBytes
            direction.needsFlush = true
            return
        }
        direction.queue.append(Queued(deadline: deadline, payload: payload))
        if direction.queue.count == 1 { deliver(direction) }
    }

    private func deliver(_ direction: Direction, force: Bool = false) {
        direction.timer?.cancel()
        direction.timer = nil
        guard !direction.closed, let target = target(of: direction) else { return }
        let now = self.now().nanoseconds
        var wrote = false
        while let head = direction.queue.first {
            if !force, head.deadline > now &+ LinkConnection.slack { break }
            direction.queue.removeFirst()
            switch head.payload {
            case .data(let buffer):
                target.write(buffer, promise: nil)
                direction.delivered += buffer.readableBytes
                wrote = true
                if !force { context.timing.recordDelivery(deadline: head.deadline, now: now) }
            case .halfClose:
                direction.eofDelivered = true
                if forward.eofDelivered && backward.eofDelivered {
                    // Both ends said they are done: close both sockets fully.
                    closeAfterWrites(target)
                    let other = direction === forward ? (downstreamOpen ? downstream : nil) : upstreamChannel
                    if let other { closeAfterWrites(other) }
                } else {
                    closeAfterWrites(target, mode: .output)
                }
            case .close:
                direction.closed = true
                direction.queue.removeAll()
                closeAfterWrites(target)
                return
            case .reset:
                if wrote { target.flush() }   // the bytes before the limit go out, then the RST
                mode = .closed
                // What the link forwarded is its own count: a receiver's kernel keeps the bytes
                // before the RST, but NIO closes a channel that reports the reset (EPOLLHUP) without
                // reading what is queued, so an actor may see fewer.
                let forwarded = forward.delivered + backward.delivered
                record(.linkFault, detail: "reset after \(resetLimitText): \(forwarded)B forwarded")
                LinkConnection.reset(downstream)
                if let upstreamChannel { LinkConnection.reset(upstreamChannel) }
                if case .idle = upstream { upstream = .failed }
                return
            }
        }
        if wrote || direction.needsFlush {
            direction.needsFlush = false
            target.flush()
        }
        if let head = direction.queue.first {
            direction.timer = schedule(at: head.deadline) { $0.deliver(direction) }
        }
    }

    private func stop(_ direction: Direction) {
        direction.closed = true
        direction.timer?.cancel()
        direction.timer = nil
        direction.queue.removeAll()
    }

    private func target(of direction: Direction) -> Channel? {
        if direction === forward { return upstreamChannel }
        return downstreamOpen ? downstream : nil
    }

    private var upstreamChannel: Channel? {
        if case .connected(let channel) = upstream { return channel }
        return nil
    }

    // MARK: - Helpers

    /// The way bytes read on `side` cross the link: from the party (downstream) forward.
    private static func wireDirection(from side: SpliceSide) -> WireDirection { side == .downstream ? .forward : .backward }

    /// When a chunk that reached the link at `now` counts as sent: not before the emulated
    /// handshake ends (forward) and not inside a hang window.
    private func arrival(_ now: UInt64, from side: SpliceSide) -> UInt64 {
        var arrival = now
        if side == .downstream { arrival = max(arrival, handshakeGate) }
        if !spec.faultWindows.isEmpty {
            let clock = context.clock
            let elapsed = clock.time(at: Instant(nanoseconds: now)) - clock.epoch
            for window in spec.faultWindows where window.kind == .hang && window.contains(elapsed) {
                arrival = max(arrival, clock.instant(at: clock.epoch + window.window.end).nanoseconds)
            }
        }
        return arrival
    }

    private func refreshSpec() {
        let (newSpec, newGeneration) = context.routes.spec(for: sourceIP)
        generation = newGeneration
        forward.pipe.reconfigure(newSpec.forward, seed: SeededGenerator.pipeSeed(seed, .forward, generation: newGeneration))
        backward.pipe.reconfigure(newSpec.backward, seed: SeededGenerator.pipeSeed(seed, .backward, generation: newGeneration))
        spec = newSpec
    }

    private var resetLimitText: String {
        if case .resetAfter(let bytes) = spec.fault { return "\(bytes)B" }
        for window in spec.faultWindows { if case .resetAfter(let bytes) = window.kind { return "\(bytes)B" } }
        return "the byte limit"
    }

    private func closeBoth() {
        connectTimer?.cancel()
        if downstreamOpen { downstream.close(promise: nil) }
        upstreamChannel?.close(promise: nil)
        if case .idle = upstream { upstream = .failed }
    }

    private func finishIfDone() {
        guard !downstreamOpen else { return }
        switch upstream {
        case .connecting, .connected: return
        case .idle where connectTimer != nil && !forward.queue.isEmpty:
            return   // the party sent bytes and closed before the emulated SYN reached the actor: deliver them
        case .idle, .failed, .closed: break
        }
        mode = .closed
        connectTimer?.cancel()
        faultTimer?.cancel()
        stop(forward)
        stop(backward)
        tap = nil
    }

    private func record(_ kind: EventKind, detail: @autoclosure () -> String, payload: EventPayload = .none,
                        at time: Instant? = nil) {
        guard context.trace.isEnabled else { return }   // the throughput benchmark runs without a trace
        context.trace.record(.link(spec.name), kind, connection: id, detail: detail(), payload: payload, at: time ?? now())
    }

    /// Now on the link's clock (``DeliveryTiming/clock``: ``Instant/now()`` unless a test drives it).
    private func now() -> Instant { Instant(nanoseconds: context.timing.clock()) }

    /// A timer for `deadline`, set early by the link's observed wake-up latency (see
    /// ``DeliveryTiming``); `body` re-schedules when it finds the deadline not yet due.
    private func schedule(at deadline: UInt64, _ body: @escaping (LinkConnection) -> Void) -> Scheduled<Void> {
        context.timing.timer(for: deadline, on: loop) { [self] in body(self) }
    }

    /// Closes `channel` (or its output) once everything written to it so far has gone out.
    private func closeAfterWrites(_ channel: Channel, mode: CloseMode = .all) {
        let promise = loop.makePromise(of: Void.self)
        channel.writeAndFlush(channel.allocator.buffer(capacity: 0), promise: promise)
        promise.futureResult.assumeIsolated().whenComplete { _ in
            channel.close(mode: mode, promise: nil)
        }
    }

    /// Resets `channel`: `SO_LINGER` 0, then close, so the peer gets an RST.
    static func reset(_ channel: Channel) {
        guard let provider = channel as? SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}

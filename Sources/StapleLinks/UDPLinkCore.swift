import NIOCore
import StapleCore

/// The working part of a UDP `FrontDoor`, confined to the front socket's event loop: one session
/// (an upstream socket bound to the party's IP, and a pipe each way) per party address.
final class UDPLinkCore {
    /// One party address's path through the link.
    final class Session {
        enum Upstream {
            case binding(pending: [ByteBuffer])
            case ready(Channel)
            case failed
        }
        let source: SocketAddress
        let sourceIP: String
        let connection = ConnectionID.next()
        var spec: LinkSpec
        var generation: UInt64
        /// The session's own seed: its pipes' streams derive from it, before and after route updates.
        let seed: UInt64
        var forward: Pipe
        var backward: Pipe
        var upstream = Upstream.binding(pending: [])
        var lastUsed: UInt64
        /// Wire events recorded for this session (at most `UDPLinkCore.messageLimit`).
        var messages = 0

        init(source: SocketAddress, spec: LinkSpec, generation: UInt64, seed: UInt64, now: UInt64) {
            self.source = source
            self.sourceIP = source.ipAddress ?? "0.0.0.0"
            self.spec = spec
            self.generation = generation
            self.seed = seed
            self.forward = Pipe(spec.forward, seed: SeededGenerator.pipeSeed(seed, .forward, generation: 0))
            self.backward = Pipe(spec.backward, seed: SeededGenerator.pipeSeed(seed, .backward, generation: 0))
            self.lastUsed = now
        }
    }

    /// Sessions idle this long are closed (nanoseconds).
    static let idleTimeout: UInt64 = 30_000_000_000
    /// Wire events recorded per session (one party socket) at most.
    static let messageLimit = 128

    private let context: FrontDoorContext
    private let front: Channel
    private let loop: EventLoop
    private var sessions: [SocketAddress: Session] = [:]
    private var lastSweep: UInt64 = 0
    private var closed = false

    /// A core for the bound front socket `front`.
    init(context: FrontDoorContext, front: Channel) {
        self.context = context
        self.front = front
        self.loop = front.eventLoop
    }

    /// A datagram from a party reached the front door.
    func fromParty(_ envelope: AddressedEnvelope<ByteBuffer>) {
        guard !closed else { return }
        let now = self.now()
        let source = envelope.remoteAddress
        let session = self.session(for: source, now: now.nanoseconds)
        session.lastUsed = now.nanoseconds
        refresh(session)
        let elapsed = context.clock.time(at: now) - context.clock.epoch
        let fault = session.spec.fault(atElapsed: elapsed)
        switch fault {
        case .refuse, .hang:
            if context.tap { inspect(envelope.data, from: session, stamp: WireStamp(sentAt: now, deliveredAt: nil)) }
            context.trace.record(.link(session.spec.name), .linkFault, connection: session.connection,
                                 bytes: envelope.data.readableBytes,
                                 detail: "drop (\(fault)) from \(session.sourceIP):\(source.port ?? 0)",
                                 at: now)
            return
        case .none, .resetAfter, .closeAfter:
            break
        }
        let deadline = session.forward.deadline(arrival: now.nanoseconds, bytes: envelope.data.readableBytes)
        if context.tap {
            inspect(envelope.data, from: session, stamp: WireStamp(sentAt: now, deliveredAt: Instant(nanoseconds: deadline)))
        }
        let data = envelope.data
        at(deadline) { $0.sendUpstream(data, session: session) }
    }

    /// A datagram from the actor reached the upstream socket of `session`.
    func fromActor(_ envelope: AddressedEnvelope<ByteBuffer>, session: Session) {
        guard !closed else { return }
        let arrived = now()
        let now = arrived.nanoseconds
        session.lastUsed = now
        refresh(session)
        let deadline = session.backward.deadline(arrival: now, bytes: envelope.data.readableBytes)
        if context.tap, let message = try? DNSMessage(parsing: envelope.data.readableBytesView), message.isResponse {
            record(.dnsAnswer(id: message.id, name: message.questions.first?.name.lowercased() ?? "",
                              code: message.responseCode.rawValue, answers: message.answers.count),
                   direction: .backward, session: session,
                   stamp: WireStamp(sentAt: arrived, deliveredAt: Instant(nanoseconds: deadline)))
        }
        let reply = AddressedEnvelope(remoteAddress: session.source, data: envelope.data)
        at(deadline) { core in
            guard !core.closed else { return }
            core.front.writeAndFlush(reply, promise: nil)
        }
    }

    /// The front socket closed: close every upstream socket.
    func closeAll() {
        closed = true
        for session in sessions.values { close(session) }
        sessions.removeAll()
    }

    // MARK: - Sessions

    private func session(for source: SocketAddress, now: UInt64) -> Session {
        if let session = sessions[source] { return session }
        sweep(now: now)
        let (spec, generation) = context.routes.spec(for: source.ipAddress ?? "")
        let seed = context.nextSeed(spec)
        let session = Session(source: source, spec: spec, generation: generation, seed: seed, now: now)
        sessions[source] = session
        // The session's first datagram: like a TCP accept, it names the party's address, so that
        // a wire timeline of the session knows whose lookups it carries.
        let peer = "\(session.sourceIP):\(source.port ?? 0)"
        context.trace.record(.link(spec.name), .linkAccepted, connection: session.connection, detail: "peer=\(peer)",
                             payload: .endpoints(local: context.frontAddress, remote: peer), at: Instant(nanoseconds: now))
        bindUpstream(session)
        return session
    }

    private func bindUpstream(_ session: Session) {
        let bound = NIOLoopBound(self, eventLoop: loop)
        let boundSession = NIOLoopBound(session, eventLoop: loop)
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: session.sourceIP, port: 0)
        } catch {
            upstreamFailed(session, reason: "cannot bind \(session.sourceIP): \(error)")
            return
        }
        context.bindDatagramUpstream(loop, address) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    UDPUpstreamHandler(core: bound.value, session: boundSession.value))
            }
        }
            .assumeIsolated()
            .whenComplete { result in
                let core = bound.value
                let session = boundSession.value
                switch result {
                case .success(let channel):
                    guard !core.closed, core.sessions[session.source] === session,
                          case .binding(let pending) = session.upstream else {
                        channel.close(promise: nil)
                        return
                    }
                    session.upstream = .ready(channel)
                    for data in pending { core.sendUpstream(data, session: session) }
                case .failure(let error):
                    core.upstreamFailed(session, reason: "cannot bind \(address): \(error)")
                }
            }
    }

    private func sendUpstream(_ data: ByteBuffer, session: Session) {
        guard !closed else { return }
        switch session.upstream {
        case .binding(var pending):
            session.upstream = .failed   // release the array while appending
            pending.append(data)
            session.upstream = .binding(pending: pending)
        case .ready(let channel):
            guard let target = context.target else {
                context.trace.record(.link(session.spec.name), .linkFault, connection: session.connection,
                                     detail: "drop: the link has no target yet (call setTarget)")
                return
            }
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: data), promise: nil)
        case .failed:
            break
        }
    }

    private func upstreamFailed(_ session: Session, reason: String) {
        session.upstream = .failed
        context.trace.record(.link(session.spec.name), .linkFault, connection: session.connection,
                             detail: "upstream-unreachable: \(reason)")
    }

    private func refresh(_ session: Session) {
        let generation = context.routes.generation
        guard generation != session.generation else { return }
        let (spec, newGeneration) = context.routes.spec(for: session.sourceIP)
        session.forward.reconfigure(spec.forward, seed: SeededGenerator.pipeSeed(session.seed, .forward, generation: newGeneration))
        session.backward.reconfigure(spec.backward,
                                     seed: SeededGenerator.pipeSeed(session.seed, .backward, generation: newGeneration))
        session.spec = spec
        session.generation = newGeneration
    }

    private func inspect(_ data: ByteBuffer, from session: Session, stamp: WireStamp) {
        guard let message = try? DNSMessage(parsing: data.readableBytesView), !message.isResponse else { return }
        let recorder = TapRecorder(link: session.spec.name, observerAddress: context.frontAddress, trace: context.trace)
        for question in message.questions where !question.name.isEmpty {
            recorder.record(.dnsQuery(question.name.lowercased()), clientAddress: session.sourceIP,
                            connection: session.connection, at: stamp.sentAt)
        }
        record(.dnsQuery(id: message.id, name: message.questions.first?.name.lowercased() ?? ""),
               direction: .forward, session: session, stamp: stamp)
    }

    /// Records a DNS message crossing as a wire event, within the session's and the link's bounds.
    private func record(_ message: WireMessage, direction: WireDirection, session: Session, stamp: WireStamp) {
        guard session.messages < UDPLinkCore.messageLimit,
              context.wireBudget.take(link: session.spec.name, trace: context.trace) else { return }
        session.messages += 1
        let recorder = TapRecorder(link: session.spec.name, observerAddress: context.frontAddress, trace: context.trace)
        recorder.record(WireEvent(message: message, direction: direction, sentAt: stamp.sentAt,
                                  deliveredAt: stamp.deliveredAt), connection: session.connection)
    }

    /// Closes sessions idle for `idleTimeout`, at most once a second.
    private func sweep(now: UInt64) {
        guard now &- lastSweep > 1_000_000_000 else { return }
        lastSweep = now
        for (source, session) in sessions where now &- session.lastUsed > UDPLinkCore.idleTimeout {
            close(session)
            sessions[source] = nil
        }
    }

    private func close(_ session: Session) {
        if case .ready(let channel) = session.upstream { channel.close(promise: nil) }
        session.upstream = .failed
    }

    /// Now on the link's clock (``DeliveryTiming/clock``: ``Instant/now()`` unless a test drives it).
    private func now() -> Instant { Instant(nanoseconds: context.timing.clock()) }

    /// Runs `body` at `deadline`: at once when due, else on a timer set early by the link's
    /// observed wake-up latency and re-checked when it fires (see ``DeliveryTiming``).
    private func at(_ deadline: UInt64, _ body: @escaping (UDPLinkCore) -> Void) {
        context.timing.run(at: deadline, on: loop) { [self] in body(self) }
    }
}

import StapleCore
import StapleReport

/// What happened in one connection, as the explainer's diagrams tell it: who sent what to
/// whom, when — built only from events that really happened.
public struct ConnectionStory: Sendable {
    /// One step: a message between parties (or a party to itself), or a note.
    public struct Step: Sendable, Hashable {
        /// When, ms since the attempt started.
        public var timeMs: Double
        /// Sender (a participant alias).
        public var from: String
        /// Receiver (a participant alias; equal to `from` for a party's own work).
        public var to: String
        /// The message, in the explainer's words where the explainer has words for it.
        public var text: String
        /// A note rather than a message.
        public var isNote: Bool
        /// Extra timing text for `--timings` (e.g. "fetched 1.2 s before this handshake").
        public var timingNote: String?
    }

    /// The participants in the explainer's order (client, responder if involved, site).
    public var participants: [SequenceDiagramParticipant]
    /// The steps in time order.
    public var steps: [Step]
    /// The record the story is about.
    public var record: HandshakeRecord
    /// The same connection as its front doors saw it (see ``wireSteps(record:events:start:end:client:site:responder:)``):
    /// what the waterfall draws, with each message's time on the link; empty without wire events.
    public var wire: [WaterfallStep] = []

    /// Aliases the explainer uses.
    public static let responderAlias = "OCSP_Server"
    /// The alias of the CA's CRL distribution point (served by the responder actor).
    public static let crlAlias = "CRL_Server"

    /// Picks the representative connection of one mode — the counted one whose time to
    /// first byte is nearest the median (any counted one when none got a first byte).
    public static func representative(of records: [HandshakeRecord]) -> HandshakeRecord? {
        let counted = records.filter { !$0.warmup }
        let timed = counted.filter { $0.ttfbMs != nil }.sorted { $0.ttfbMs! < $1.ttfbMs! }
        guard !timed.isEmpty else { return counted.first ?? records.first }
        let median = timed[timed.count / 2].ttfbMs!
        return timed.min { abs($0.ttfbMs! - median) < abs($1.ttfbMs! - median) }
    }

    /// Tells the story of `record` from the part's events.
    public init(record: HandshakeRecord, events: [TraceEvent]) {
        self.record = record
        let client = MermaidText.alias(record.client)
        let site = MermaidText.alias(record.site)
        let responder = ConnectionStory.responderAlias
        let own = events.filter { $0.connection == record.connection && $0.party.role == .client }
            .sorted { $0.time < $1.time }
        let start = own.first { $0.kind == .attemptStart }?.time ?? own.first?.time ?? Instant(nanoseconds: 0)
        func at(_ instant: Instant) -> Double { instant.milliseconds(since: start) }
        func firstTime(_ kind: EventKind) -> Instant? { own.first { $0.kind == kind }?.time }

        var steps: [Step] = []
        var usesResponder = false
        var usesCRL = false
        let hello = firstTime(.clientHelloSent)
        if let hello {
            steps.append(Step(timeMs: at(hello), from: client, to: site, text: "TLS Handshake (ClientHello)", isNote: false))
        }

        // The server's side of this handshake: its ClientHello, staple, and the fetch behind the staple.
        let serverHello = hello.flatMap { helloTime in
            events.filter { event in
                guard event.party.role == .server, event.kind == .clientHelloReceived, event.time >= helloTime,
                      case .clientHello(let name, _, _) = event.payload else { return false }
                return name == record.site
            }.min { $0.time < $1.time }
        }
        let serverEvents = serverHello.map { hello in events.filter { $0.connection == hello.connection && $0.party == hello.party } } ?? []
        let stapleSent = serverEvents.first { $0.kind == .stapleSent }
        if stapleSent == nil, let staple = own.first(where: { $0.kind == .stapleReceived }),
           let fetched = ConnectionStory.serverFetchFromWire(events, before: staple.time) {
            // A server with no events of its own (nginx, Apache): its fetch as its front door to
            // the responder saw it, the last answer that reached it before the staple came.
            let during = hello.map { fetched.answered >= $0 } ?? false
            steps.append(Step(timeMs: during ? at(fetched.answered) : (hello.map { at($0) } ?? at(staple.time)),
                              from: site, to: site, text: "Fetches a recent OCSP response for its own cert", isNote: false,
                              timingNote: during ? "fetched inside this handshake (seen at its front door)"
                                  : "fetched \(ConnectionStory.format(staple.time.milliseconds(since: fetched.answered))) before this handshake (seen at its front door)"))
        }
        if let stapleSent {
            let fetches = events.filter { $0.party == stapleSent.party && $0.kind == .ocspFetchEnd && $0.time <= stapleSent.time
                && ConnectionStory.answered($0) }
            if let fetch = fetches.max(by: { $0.time < $1.time }) {
                let before = stapleSent.time.milliseconds(since: fetch.time)
                let during = serverHello.map { fetch.time >= $0.time } ?? false
                let time = during ? at(fetch.time) : (serverHello.map { at($0.time) } ?? at(stapleSent.time))
                steps.append(Step(timeMs: time, from: site, to: site, text: "Fetches a recent OCSP response for its own cert",
                                  isNote: false,
                                  timingNote: during ? "fetched inside this handshake"
                                      : "fetched \(ConnectionStory.format(before)) before this handshake, from its cache"))
            }
        }

        let certificate = firstTime(.certificateReceived)
        let stapleReceived = own.first { $0.kind == .stapleReceived }
        if let certificate {
            let text: String
            if stapleReceived != nil {
                text = "Sends its certificate AND the stapled OCSP response"
            } else if own.contains(where: { $0.kind == .stapleAbsent }) {
                text = "Sends its certificate (no staple)"
            } else {
                text = "Sends its certificate"
            }
            steps.append(Step(timeMs: at(stapleReceived?.time ?? certificate), from: site, to: client, text: text, isNote: false))
        }

        // The client's own OCSP exchanges (classic, or a fallback).
        for event in own {
            switch event.kind {
            case .ocspFetchStart:
                usesResponder = true
                steps.append(Step(timeMs: at(event.time), from: client, to: responder,
                                  text: "Asks for OCSP status of \(record.site)'s cert", isNote: false))
            case .ocspFetchEnd:
                if ConnectionStory.answered(event) {
                    let verified = own.first { $0.kind == .ocspResponseVerified && $0.time >= event.time }
                    var verdict = ""
                    if case .ocspVerdict(let status)? = verified?.payload { verdict = status }
                    steps.append(Step(timeMs: at(event.time), from: responder, to: client,
                                      text: "Sends OCSP response (\(ConnectionStory.describe(verdict: verdict)))", isNote: false))
                } else {
                    var why = event.detail
                    if case .fetch(.failed(let reason, _)) = event.payload { why = reason }
                    steps.append(Step(timeMs: at(event.time), from: client, to: client, text: "No OCSP response: \(why)",
                                      isNote: true))
                }
            case .ocspResponseVerified:
                steps.append(Step(timeMs: at(event.time), from: client, to: client, text: "Validates OCSP response", isNote: false))
            case .crlFetchStart:
                usesCRL = true
                steps.append(Step(timeMs: at(event.time), from: client, to: ConnectionStory.crlAlias,
                                  text: record.mode == "pushed" ? "Downloads the pushed revocation set" : "Downloads the CA's CRL",
                                  isNote: false))
            case .crlFetchEnd:
                if ConnectionStory.answered(event) {
                    steps.append(Step(timeMs: at(event.time), from: ConnectionStory.crlAlias, to: client,
                                      text: "Sends the \(record.mode == "pushed" ? "set" : "CRL") (\(event.bytes) bytes)", isNote: false))
                } else {
                    var why = event.detail
                    if case .fetch(.failed(let reason, _)) = event.payload { why = reason }
                    steps.append(Step(timeMs: at(event.time), from: client, to: client, text: "No CRL: \(why)", isNote: true))
                }
            case .crlVerified:
                let verdict = event.detail == "good" ? "not listed" : event.detail == "revoked" ? "listed: revoked" : event.detail
                steps.append(Step(timeMs: at(event.time), from: client, to: client,
                                  text: "Checks the certificate against \(record.mode == "pushed" ? "its pushed set" : "the CRL") (\(verdict))",
                                  isNote: false))
            default:
                break
            }
        }

        // Validating a staple.
        if stapleReceived != nil, let end = own.first(where: { $0.kind == .verifyEnd }) {
            steps.append(Step(timeMs: at(end.time), from: client, to: client,
                              text: "Validates OCSP response directly from \(record.site)", isNote: false))
        }
        if record.outcome == .softFail {
            let time = own.first { $0.kind == .verifyEnd }.map { at($0.time) } ?? steps.last?.timeMs ?? 0
            steps.append(Step(timeMs: time, from: client, to: client,
                              text: "Soft-fail: carries on without a status (\(record.error))", isNote: true))
        }

        // The end of the handshake.
        if let request = firstTime(.requestSent) {
            steps.append(Step(timeMs: at(request), from: client, to: site,
                              text: "Completes TLS Handshake and sends HTTP request", isNote: false))
        } else if let failed = own.first(where: { $0.kind == .handshakeFailed }) {
            let reason = record.error.isEmpty ? failed.detail : record.error
            steps.append(Step(timeMs: at(failed.time), from: client, to: site, text: "Aborts the handshake: \(reason)",
                              isNote: false))
        } else if !record.error.isEmpty {
            steps.append(Step(timeMs: steps.last?.timeMs ?? 0, from: client, to: client, text: "Fails: \(record.error)",
                              isNote: true))
        }
        if let firstByte = firstTime(.firstByte) {
            steps.append(Step(timeMs: at(firstByte), from: site, to: client, text: "First byte of the HTTP response",
                              isNote: false, timingNote: "time to first byte"))
        }

        var participants = [SequenceDiagramParticipant(alias: client, label: "\(record.client)'s Browser")]
        if usesResponder { participants.append(SequenceDiagramParticipant(alias: responder, label: "OCSP Responder")) }
        if usesCRL {
            participants.append(SequenceDiagramParticipant(alias: ConnectionStory.crlAlias,
                                                           label: record.mode == "pushed" ? "Revocation Set Publisher" : "CA's CRL Server"))
        }
        participants.append(SequenceDiagramParticipant(alias: site, label: "\(record.site) Server"))
        self.participants = participants
        // Stable order: by time, ties in the order written above.
        self.steps = steps.enumerated().sorted { ($0.element.timeMs, $0.offset) < ($1.element.timeMs, $1.offset) }.map(\.element)
        let names = Dictionary(uniqueKeysWithValues: participants.map { ($0.alias, $0.label) })
        let end = own.last { $0.kind == .attemptEnd }?.time ?? own.last?.time ?? start
        wire = ConnectionStory.wireSteps(record: record, events: events, start: start, end: end,
                                         client: names[client] ?? client, site: names[site] ?? site,
                                         responder: names[usesCRL && !usesResponder ? ConnectionStory.crlAlias : responder]
                                             ?? "OCSP Responder")
    }

    /// The explainer-style Mermaid diagram; with `timings`, each step's measured time as a note.
    ///
    /// Without timings the last step (the first response byte) is left out, as in the explainer.
    public func diagram(timings: Bool = false) -> SequenceDiagram {
        var result: [SequenceDiagramStep] = []
        var previous = 0.0
        for step in steps {
            if step.text == "First byte of the HTTP response" && !timings { continue }
            if step.isNote {
                result.append(.note(over: [step.from], text: step.text))
            } else {
                result.append(.message(from: step.from, to: step.to, text: step.text))
            }
            if timings {
                var text = "at \(ConnectionStory.format(step.timeMs)) (+\(ConnectionStory.format(step.timeMs - previous)))"
                if let extra = step.timingNote { text += ", \(extra)" }
                let over = step.from == step.to ? [step.from] : [step.from, step.to]
                result.append(.note(over: over, text: text))
                previous = step.timeMs
            }
        }
        return SequenceDiagram(participants: participants, steps: result)
    }

    /// The connection on a time axis, for the HTML report's waterfall: its messages as the front
    /// doors saw them (``wire``), each a slanted arrow from sending to arrival, with the DNS and
    /// emulated TCP phases; the story's steps (level arrows at the times the actors noted) when
    /// the trace holds no wire events.
    public func waterfall(mode: String) -> Waterfall {
        let names = Dictionary(uniqueKeysWithValues: participants.map { ($0.alias, $0.label) })
        let caption = "\(record.client) → \(record.site), seq \(record.seq): time to first byte \(record.ttfbMs.map { ConnectionStory.format($0) } ?? "—")"
        var lanes = participants.map(\.label)
        guard !wire.isEmpty else {
            return Waterfall(mode: mode, caption: caption, lanes: lanes,
                             steps: steps.map { WaterfallStep(timeMs: $0.timeMs, from: names[$0.from] ?? $0.from,
                                                              to: names[$0.to] ?? $0.to, label: $0.text) })
        }
        if wire.contains(where: { $0.to == ConnectionStory.resolverLane || $0.from == ConnectionStory.resolverLane }) {
            lanes.insert(ConnectionStory.resolverLane, at: 1)
        }
        return Waterfall(mode: mode, caption: caption + " (as the front doors saw it)", lanes: lanes, steps: wire)
    }

    /// Whether an `ocsp.fetch-end` event says a response arrived.
    static func answered(_ event: TraceEvent) -> Bool {
        if case .fetch(.answered) = event.payload { return true }
        return false
    }

    static func describe(verdict: String) -> String {
        switch verdict {
        case "good": return "Signed, Valid"
        case "revoked": return "Signed, Revoked"
        case "unknown": return "Signed, Unknown"
        case "": return "unchecked"
        default: return "rejected: \(verdict)"
        }
    }

    static func format(_ ms: Double) -> String {
        ms >= 1000 ? (FixedPoint.string(ms / 1000, decimals: 2) ?? "?") + " s" : (FixedPoint.string(ms, decimals: 1) ?? "?") + " ms"
    }
}

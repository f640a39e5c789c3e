import Testing
import StapleCore
@testable import StapleActors
@testable import StapleEngine

/// The fold from one mode's events to handshake rows, over hand-built event lists (no sockets):
/// every phase of a classic, a stapled, a TLS 1.2 and a failed connection, each read from the one
/// carrier of its fact, and which place each phase came from.
@Suite struct RecordFolderTests {
    static let scenario = Scenario(
        name: "fold", sites: [Scenario.Site(host: "example.com")],
        clients: [Scenario.Client(name: "Alice", visits: ["example.com"])],
        responder: Scenario.Responder(delay: .milliseconds(3)), resolver: Scenario.Resolver(delay: .milliseconds(1)),
        links: Scenario.Links(clientServer: .rtt(.milliseconds(20)), clientResponder: .rtt(.milliseconds(40)),
                              serverResponder: .rtt(.milliseconds(30)), clientResolver: .rtt(.milliseconds(4)),
                              serverResolver: .rtt(.milliseconds(6))))
    static let origin = Instant(nanoseconds: 1_000_000_000)
    static let alice = Party.client("Alice")

    static func at(_ ms: Double) -> Instant { origin.adding(seconds: ms / 1000) }

    /// Builds one connection's client events: `(ms, kind, payload)` in any order.
    static func events(_ connection: ConnectionID, _ list: [(Double, EventKind, EventPayload)]) -> [TraceEvent] {
        list.map { TraceEvent(time: at($0.0), party: alice, kind: $0.1, connection: connection, payload: $0.2) }
    }

    /// What the client→server front door records for a TLS 1.2 connection from `peer`.
    static func wire12(peer: String, connection: ConnectionID) -> [TraceEvent] {
        let link = Party.link("client-server")
        func message(_ message: WireMessage, _ direction: WireDirection, _ sent: Double, _ delivered: Double) -> TraceEvent {
            TraceEvent(time: at(sent), party: link, kind: .wireMessage, connection: connection,
                       payload: .wire(WireEvent(message: message, direction: direction, sentAt: at(sent), deliveredAt: at(delivered))))
        }
        return [
            TraceEvent(time: at(6), party: link, kind: .linkAccepted, connection: connection,
                       payload: .endpoints(local: "127.0.0.1:8443", remote: peer)),
            TraceEvent(time: at(26), party: link, kind: .linkHandshakeEmulated, connection: connection),
            message(.tlsClientHello(serverName: "example.com"), .forward, 26, 36),
            message(.tlsServerHello(version: 0x0303, retry: false), .backward, 37, 47),
            message(.tlsHandshake(.certificate, length: 1200), .backward, 37, 47),
            message(.tlsHandshake(.certificateStatus, length: 471), .backward, 37, 47),
            message(.tlsChangeCipherSpec, .forward, 48, 58),
            message(.tlsEncryptedFinished, .forward, 48, 58),
            message(.tlsChangeCipherSpec, .backward, 59, 69),
            message(.tlsEncryptedFinished, .backward, 59, 69),
            message(.tlsApplicationData(index: 0, length: 90), .forward, 70, 80),
            message(.tlsApplicationData(index: 0, length: 310), .backward, 81, 91),
        ]
    }

    static func fold(_ mode: Scenario.Mode, _ attempts: [(Attempt, ConnectionResult)], _ events: [TraceEvent],
                     scenario: Scenario = scenario) -> [HandshakeRecord] {
        RecordFolder(scenario: scenario, sweepPoint: "", mode: mode, origin: origin, clock: PolicyClock(),
                     model: LatencyModel(scenario: scenario))
            .fold(attempts, events: events)
    }

    static func attempt(_ seq: Int, _ connection: ConnectionID, _ outcome: HandshakeRecord.Outcome = .connected,
                        error: String = "") -> (Attempt, ConnectionResult) {
        (Attempt(seq: seq, warmup: false, client: "Alice", site: "example.com"),
         ConnectionResult(connection: connection, site: "example.com", outcome: outcome, error: error))
    }

    static func close(_ value: Double?, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let value else {
            Issue.record("no value where \(expected) was expected", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(value - expected) < 1e-6, "\(value) is not \(expected)", sourceLocation: sourceLocation)
    }

    /// A classic connection: DNS 0–5, TCP 6–26, TLS 26–110 with a fetch (its own lookup) inside, TTFB 131.
    static let classicEvents = events(ConnectionID(1), [
        (0, .attemptStart, .none),
        (0, .dnsQuerySent, .none), (5, .dnsAnswerReceived, .none),
        (6, .tcpConnectStart, .none), (26, .tcpConnected, .endpoints(local: "127.0.1.1:5000", remote: "127.0.0.1:8443")),
        (26, .clientHelloSent, .none), (46, .certificateReceived, .none), (46, .stapleAbsent, .none),
        (46, .ocspFetchStart, .none), (46.5, .dnsQuerySent, .none), (51, .dnsAnswerReceived, .none),
        (129, .ocspFetchEnd, .fetch(.answered(from: "127.0.0.3:80"))),
        (129, .ocspVerifyStart, .none), (130, .ocspResponseVerified, .none),
        (130, .verifyEnd, .decision(accepted: true, note: "good")),
        (130, .handshakeComplete, .handshake(version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256")),
        (130, .requestSent, .none), (151, .firstByte, .none),
        (151, .statusDecided, .status("good", source: "fetched")), (152, .attemptEnd, .none),
    ])

    @Test func aClassicConnectionsPhasesAndItsFetch() throws {
        let records = Self.fold(.classic, [Self.attempt(0, ConnectionID(1))], Self.classicEvents)
        let record = try #require(records.first)
        #expect(records.count == 1)
        Self.close(record.dnsMs, 5)
        Self.close(record.tcpMs, 20)
        Self.close(record.tlsMs, 104)
        Self.close(record.ocspMs, 83)
        Self.close(record.verifyMs, 1)
        Self.close(record.ttfbMs, 151)
        Self.close(record.endedMs, 152)
        // DNS 4+1, TCP 20, TLS 20, request 20; the fetch: its lookup 4+1, then 2 × 40 + 3.
        Self.close(record.modelMs, 65 + 5 + 83)
        #expect(!record.stapled)
        #expect(record.ocspStatus == "good")
        #expect(record.tlsVersion == "TLSv1.3")
        #expect(record.outcome == .connected)
        #expect(record.clientAddress == "127.0.1.1")
        #expect(record.phaseSources == "dns=client tcp=client tls=client ocsp=client ttfb=client")
    }

    @Test func aStapledConnectionHasNoFetchAndItsStatusFromTheStaple() throws {
        let events = Self.events(ConnectionID(2), [
            (0, .attemptStart, .none), (0, .dnsQuerySent, .none), (5, .dnsAnswerReceived, .none),
            (6, .tcpConnectStart, .none), (26, .tcpConnected, .endpoints(local: "127.0.1.1:5001", remote: "127.0.0.1:8443")),
            (26, .clientHelloSent, .none), (46, .certificateReceived, .none), (46, .stapleReceived, .none),
            (46, .verifyStart, .none), (46.5, .verifyEnd, .decision(accepted: true, note: "good")),
            (46.5, .handshakeComplete, .handshake(version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256")),
            (46.5, .requestSent, .none), (66.5, .firstByte, .none),
            (66.5, .statusDecided, .status("good", source: "staple")), (67, .attemptEnd, .none),
        ])
        let record = try #require(Self.fold(.stapled, [Self.attempt(0, ConnectionID(2))], events).first)
        Self.close(record.tlsMs, 20.5)
        Self.close(record.verifyMs, 0.5)
        Self.close(record.ttfbMs, 66.5)
        Self.close(record.modelMs, 65)
        #expect(record.ocspMs == nil)
        #expect(record.stapled)
        #expect(record.ocspStatus == "good")
        #expect(record.phaseSources == "dns=client tcp=client tls=client ttfb=client")
    }

    @Test func aTLS12ConnectionsTCPAndVersionComeFromItsFrontDoor() throws {
        // The row's version is the one the ServerHello on the wire selected; the model counts TLS
        // 1.2's second round trip.
        let connection = ConnectionID(3)
        let client = Self.events(connection, [
            (0, .attemptStart, .none), (0, .dnsQuerySent, .none), (5, .dnsAnswerReceived, .none),
            (6, .tcpConnectStart, .none), (25, .tcpConnected, .endpoints(local: "127.0.1.1:5002", remote: "127.0.0.1:8443")),
            (26, .clientHelloSent, .none), (47, .stapleReceived, .none),
            (48, .verifyStart, .none), (48, .verifyEnd, .decision(accepted: true, note: "good")),
            (69, .handshakeComplete, .handshake(version: "TLSv1.2", cipher: "ECDHE-ECDSA-AES128-GCM-SHA256")),
            (70, .requestSent, .none), (91, .firstByte, .none),
            (91, .statusDecided, .status("good", source: "staple")), (92, .attemptEnd, .none),
        ])
        let wire = Self.wire12(peer: "127.0.1.1:5002", connection: ConnectionID(900))
        let record = try #require(Self.fold(.stapled, [Self.attempt(0, connection)],
                                            (wire + client).sorted { $0.time < $1.time }).first)
        // TCP ends when the link released the first bytes (26), not at the client's connected socket (25).
        Self.close(record.tcpMs, 20)
        Self.close(record.tlsMs, 43)
        Self.close(record.modelMs, 85)
        #expect(record.tlsVersion == "TLSv1.2")
        #expect(record.phaseSources == "dns=client tcp=wire tls=client ttfb=client")
    }

    @Test func aRealServersTLSPhaseIsReadFromTheWireAlone() throws {
        // nginx records no events: its handshake is the client's ClientHello leaving (26) to the
        // client's first request record leaving (70), as the front door saw them; the client's
        // own handshake end (60, earlier than its request) is not read.
        var nginx = Self.scenario
        nginx.server.kind = .nginx
        let connection = ConnectionID(5)
        let client = Self.events(connection, [
            (0, .attemptStart, .none), (0, .dnsQuerySent, .none), (5, .dnsAnswerReceived, .none),
            (6, .tcpConnectStart, .none), (25, .tcpConnected, .endpoints(local: "127.0.1.1:5004", remote: "127.0.0.1:8443")),
            (26, .clientHelloSent, .none), (47, .stapleReceived, .none),
            (60, .handshakeComplete, .handshake(version: "TLSv1.2", cipher: "ECDHE-ECDSA-AES128-GCM-SHA256")),
            (70, .requestSent, .none), (91, .firstByte, .none),
            (91, .statusDecided, .status("good", source: "staple")), (92, .attemptEnd, .none),
        ])
        let wire = Self.wire12(peer: "127.0.1.1:5004", connection: ConnectionID(901))
        let record = try #require(Self.fold(.stapled, [Self.attempt(0, connection)],
                                            (wire + client).sorted { $0.time < $1.time }, scenario: nginx).first)
        Self.close(record.tcpMs, 20)
        Self.close(record.tlsMs, 44)
        #expect(record.tlsVersion == "TLSv1.2")
        #expect(record.phaseSources == "dns=client tcp=wire tls=wire ttfb=client")
    }

    @Test func aRefusedConnectionKeepsItsPhasesUpToTheRefusalAndNoFirstByte() throws {
        let events = Self.events(ConnectionID(4), [
            (0, .attemptStart, .none), (0, .dnsQuerySent, .none), (5, .dnsAnswerReceived, .none),
            (6, .tcpConnectStart, .none), (26, .tcpConnected, .endpoints(local: "127.0.1.1:5003", remote: "127.0.0.1:8443")),
            (26, .clientHelloSent, .none), (46, .stapleReceived, .none),
            (46, .verifyStart, .none), (46.5, .verifyEnd, .decision(accepted: false, note: "revoked (keyCompromise)")),
            (46.5, .handshakeFailed, .none),
            (46.5, .statusDecided, .status("revoked", source: "staple")), (47, .attemptEnd, .none),
        ])
        let record = try #require(Self.fold(.stapled, [Self.attempt(0, ConnectionID(4), .hardFail, error: "revoked (keyCompromise)")], events).first)
        Self.close(record.tlsMs, 20.5)
        Self.close(record.durationMs, 47)
        #expect(record.ttfbMs == nil)
        #expect(record.ocspStatus == "revoked")
        #expect(record.tlsVersion == "")
        #expect(record.outcome == .hardFail)
        #expect(record.error == "revoked (keyCompromise)")
        #expect(record.phaseSources == "dns=client tcp=client tls=client")
    }

    @Test func eachAttemptReadsOnlyItsOwnConnectionsEvents() throws {
        let stapled = Self.events(ConnectionID(2), [
            (200, .attemptStart, .none), (200, .stapleReceived, .none),
            (201, .statusDecided, .status("good", source: "staple")),
        ])
        let records = Self.fold(.classic, [Self.attempt(0, ConnectionID(1)),
                                           Self.attempt(1, ConnectionID(2))],
                                (Self.classicEvents + stapled).shuffled())
        #expect(records.map(\.seq) == [0, 1])
        #expect(records.map(\.stapled) == [false, true])
        #expect(records.map(\.ocspStatus) == ["good", "good"])
        #expect(records[1].ocspMs == nil)
        #expect(records[1].dnsMs == nil)
        Self.close(records[0].ocspMs, 83)
        Self.close(records[1].startedMs, 200)
    }
}

import NIOCore
import NIOPosix
import Testing
import StapleCore
import StaplePKI
@testable import StapleTLS

/// The explicit state of each end of a ``TLSConnection``, driven over memory BIOs with no
/// network (one thread, no clock), and the OpenSSL return codes it checks.
@Suite struct TLSConnectionStateTests {
    /// A client and a server connection for example.com, with a good staple on the server.
    struct Pair {
        let pki: TestPKI
        let staple: [UInt8]
        let client: TLSContext
        let server: TLSContext
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let trace = Trace()

        init(version: TLSVersion) throws {
            pki = try TestPKI.make(.init(sites: [.init(host: "example.com")], ocspURL: "http://ocsp.ca.test/"))
            let leaf = pki.leaves[0].identity.certificate
            staple = OCSPResponder(authorities: pki.authorities(), status: { _, _ in .good })
                .respond(to: try OCSPRequest(certificate: leaf, issuer: pki.issuingCA.certificate),
                         timing: .init(now: PolicyClock().now(), validity: 86_400)).der
            server = try TLSContext(server: pki.leaves.map { ($0.host, $0.identity) }, versions: version ... version)
            client = try TLSContext(client: try pki.trustStore(), versions: version ... version)
        }

        func context(_ party: Party) -> TLSConnectionContext {
            TLSConnectionContext(eventLoop: loop, trace: trace, party: party, connection: .none)
        }

        func connections(policy: any CertificateStatusPolicy, provider: any StapleProvider,
                         hostname: String = "example.com") throws -> (TLSConnection, TLSConnection) {
            (try TLSConnection(client: client, hostname: hostname, policy: policy, connectionContext: context(.client("c"))),
             try TLSConnection(server: server, provider: provider, connectionContext: context(.server("s"))))
        }
    }

    /// Moves every pending byte from one end to the other.
    static func move(_ from: TLSConnection, _ to: TLSConnection) throws {
        var failure: TLSError?
        from.drainOutput { count, fill in
            var bytes = [UInt8](repeating: 0, count: count)
            let n = bytes.withUnsafeMutableBytes { fill($0) }
            failure = bytes.withUnsafeBytes { to.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        if let failure { throw failure }
    }

    /// Steps both ends until neither moves; the last step of each.
    static func drive(_ client: TLSConnection, _ server: TLSConnection) throws -> (client: TLSConnection.Step, server: TLSConnection.Step) {
        var clientStep = client.handshake(), serverStep = TLSConnection.Step.wantRead
        for _ in 0..<10 {
            try move(client, server)
            serverStep = server.handshake()
            try move(server, client)
            clientStep = client.handshake()
            if clientStep != .wantRead && serverStep != .wantRead { break }
        }
        return (clientStep, serverStep)
    }

    struct AcceptStaple: CertificateStatusPolicy {
        var requestsStaple: Bool { true }
        func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation {
            .decided(peer.staple == nil ? .reject("no staple") : .accept("staple of \(peer.staple!.count) bytes"))
        }
        func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
            connection.eventLoop.makeSucceededFuture(.reject("no fetch"))
        }
    }

    struct AlwaysFetch: CertificateStatusPolicy {
        var requestsStaple: Bool { false }
        func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation { .fetch }
        func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
            connection.eventLoop.makeSucceededFuture(.reject("unused"))
        }
    }

    @Test(arguments: [TLSVersion.tls12, .tls13])
    func aStapledHandshakeEndsDecidedOnBothEnds(version: TLSVersion) throws {
        let pair = try Pair(version: version)
        let (client, server) = try pair.connections(policy: AcceptStaple(), provider: FixedStaple(pair.staple))
        #expect(client.clientState == .awaitingCertificate)
        guard case .awaitingHello = server.serverState else { Issue.record("server: \(server.serverState)"); return }
        let steps = try Self.drive(client, server)
        #expect(steps.client == .complete)
        #expect(client.clientState == .decided(.accept("staple of \(pair.staple.count) bytes")))
        #expect(client.statusDecision == .accept("staple of \(pair.staple.count) bytes"))
        #expect(client.rejection == nil)
        guard case .answered(.staple(let sent)) = server.serverState else { Issue.record("server: \(server.serverState)"); return }
        #expect(sent == pair.staple)
        #expect(server.stapledBytes == pair.staple.count)
    }

    /// A classic fetch pauses the client in `fetching`; the verdict then decides the handshake.
    @Test(arguments: [TLSVersion.tls12, .tls13])
    func aFetchPausesTheClientUntilItsVerdict(version: TLSVersion) throws {
        let pair = try Pair(version: version)
        let (client, server) = try pair.connections(policy: AlwaysFetch(), provider: NoStaple())
        let steps = try Self.drive(client, server)
        #expect(steps.client == .pausedForStatusFetch)
        guard case .fetching = client.clientState else { Issue.record("client: \(client.clientState)"); return }
        #expect(client.statusDecision == nil)
        let resumed = client.resolveStatusFetch(.reject("revoked"))
        #expect(client.clientState == .decided(.reject("revoked")))
        #expect(client.rejection == "revoked")
        // TLS 1.2: OpenSSL had finished, the verdict gates the data at once; TLS 1.3: the next step fails.
        let final = resumed ?? client.handshake()
        #expect(final == .failed(.certificateStatusRejected("revoked")))
    }

    /// `SSL_set1_host` takes a C string: a name with NUL would be checked only up to the NUL.
    @Test func aHostnameWithNULIsRefusedNotCutShort() throws {
        let pair = try Pair(version: .tls13)
        #expect(throws: OpenSSLError.self) {
            _ = try pair.connections(policy: AcceptStaple(), provider: NoStaple(), hostname: "example.com\u{0}.evil.test")
        }
        do {
            _ = try pair.connections(policy: AcceptStaple(), provider: NoStaple(), hostname: "example.com\u{0}.evil.test")
        } catch {
            #expect("\(error)".contains("the hostname contains NUL"), "\(error)")
        }
    }

    /// Ciphertext larger than one BIO_write count is fed whole, not truncated: 3 MiB of garbage
    /// reaches OpenSSL, which then refuses it as a bad record instead of waiting for more.
    @Test func aLargeFeedIsTakenWhole() throws {
        let pair = try Pair(version: .tls13)
        let (_, server) = try pair.connections(policy: AcceptStaple(), provider: NoStaple())
        let garbage = [UInt8](repeating: 0x17, count: 3 << 20)
        #expect(garbage.withUnsafeBytes { server.feed($0) } == nil)
        guard case .failed(.handshakeFailed) = server.handshake() else { Issue.record("expected a failed handshake"); return }
    }
}

/// The built-in server sends no TLS 1.3 session tickets: once it has read the client's Finished
/// it has nothing to write, so its first application-data record after the handshake is its
/// response (what the wire timeline reads as the time to first byte).
@Suite struct ServerTicketTests {
    @Test func theServerWritesNothingAfterReadingTheClientsFinished() throws {
        let pair = try TLSConnectionStateTests.Pair(version: .tls13)
        let (client, server) = try pair.connections(policy: TLSConnectionStateTests.AcceptStaple(),
                                                    provider: FixedStaple(pair.staple))
        #expect(TLSContext.serverTickets == 0)
        var clientStep = client.handshake(), serverStep = TLSConnection.Step.wantRead
        for _ in 0..<10 where serverStep != .complete {
            try TLSConnectionStateTests.move(client, server)
            serverStep = server.handshake()
            if serverStep == .complete { break }
            try TLSConnectionStateTests.move(server, client)
            clientStep = client.handshake()
        }
        #expect(clientStep == .complete)
        #expect(serverStep == .complete)
        // OpenSSL would have written its NewSessionTicket records (2 by default) by now.
        #expect(server.pendingOutput == 0, "the server wrote \(server.pendingOutput) bytes after the handshake")
    }
}

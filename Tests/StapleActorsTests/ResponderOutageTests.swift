import Foundation
import NIOCore
import NIOPosix
import StapleTestSupport
import Testing
import StapleCore
import StaplePKI
@testable import StapleActors

/// Each way the responder can misbehave, seen by a real HTTP fetch.
@Suite(.awaitsTeardown) struct ResponderOutageTests {
    struct Fetched {
        var body: [UInt8]?
        var error: OCSPFetchError?
        var seconds: Double
    }

    static func fetch(_ world: ActorWorld, timeout: Delay = .seconds(2), method: OCSPFetcher.Method = .post) async throws -> Fetched {
        let leaf = try #require(world.pki.leaf(for: "example.com")).certificate
        let request = try OCSPRequest(certificate: leaf, issuer: world.pki.root.certificate)
        let fetcher = OCSPFetcher(resolver: world.hosts, sourceIP: world.prefix + ".101", party: .client("Alice"),
                                  trace: world.trace)
        let start = Date()
        do {
            let response = try await fetcher.fetch(request, url: "http://ocsp.ca.test:\(ActorWorld.responderPort)/", method: method,
                                                   timeout: timeout, connection: .next(),
                                                   on: MultiThreadedEventLoopGroup.singleton.next()).get()
            return Fetched(body: response.body, error: nil, seconds: Date().timeIntervalSince(start))
        } catch let error as OCSPFetchError {
            return Fetched(body: nil, error: error, seconds: Date().timeIntervalSince(start))
        }
    }

    func run(_ kind: ResponderOutage.Kind, timeout: Delay = .seconds(2)) async throws -> (Fetched, [ResponderRequest]) {
        let world = try ActorWorld()
        let responder = world.responder(outages: [ResponderOutage(kind: kind, from: 0, to: 3600)])
        try await responder.start()
        Teardown.add { await responder.stop() }
        let fetched = try await Self.fetch(world, timeout: timeout)
        return (fetched, await responder.requests)
    }

    @Test func refuseClosesTheListener() async throws {
        let (fetched, log) = try await run(.refuse)
        guard case .connect? = fetched.error else { Issue.record("expected a refused connection, got \(fetched)"); return }
        #expect(log.isEmpty, "nothing reached the responder")
    }

    @Test func hangReadsButNeverAnswers() async throws {
        let (fetched, log) = try await run(.hang, timeout: .milliseconds(400))
        #expect(fetched.error == .timeout(seconds: 0.4))
        #expect(fetched.seconds >= 0.4)
        #expect(log.map(\.answer) == ["no answer"])
        #expect(log.map(\.hostnames) == [["example.com"]], "it still learned who asked for what")
    }

    @Test(arguments: [(ResponderOutage.Kind.tryLater, OCSPResponseStatus.tryLater), (.internalError, .internalError)])
    func errorStatusesAreUnsignedOCSPResponses(kind: ResponderOutage.Kind, status: OCSPResponseStatus) async throws {
        let (fetched, log) = try await run(kind)
        #expect(fetched.body == OCSPResponder.errorResponse(status))
        #expect(log.map(\.answer) == [status.description])
    }

    @Test func malformedAnswersBytesThatAreNotOCSP() async throws {
        let (fetched, log) = try await run(.malformed)
        let body = try #require(fetched.body)
        #expect(!body.isEmpty)
        let world = try ActorWorld()
        let verifier = OCSPVerifier(trust: try world.pki.trustStore())
        let leaf = try #require(world.pki.leaf(for: "example.com")).certificate
        #expect(verifier.verify(body, certificate: leaf, issuer: world.pki.root.certificate, now: Date().timeIntervalSince1970)
                == .rejected(.malformed))
        #expect(log.map(\.answer) == ["malformed-bytes"])
    }

    @Test func slowAnswersCorrectlyButLate() async throws {
        let (fetched, log) = try await run(.slow(.milliseconds(300)))
        #expect(fetched.body != nil)
        #expect(fetched.seconds >= 0.3)
        #expect(log.map(\.answer) == ["good"])
    }

    @Test func outsideTheWindowItAnswersNormally() async throws {
        let world = try ActorWorld()
        let responder = world.responder(outages: [ResponderOutage(kind: .hang, from: 3600, to: 7200)])
        try await responder.start()
        let fetched = try await Self.fetch(world)
        #expect(fetched.error == nil)
        #expect(await responder.requests.map(\.answer) == ["good"])
        await responder.stop()
    }

    @Test func answersCarryCachingHeaders() async throws {
        // Checked on the wire through the fetcher's parsed max-age.
        let world = try ActorWorld()
        let responder = world.responder(validity: .seconds(3600))
        try await responder.start()
        let leaf = try #require(world.pki.leaf(for: "example.com")).certificate
        let request = try OCSPRequest(certificate: leaf, issuer: world.pki.root.certificate)
        let fetcher = OCSPFetcher(resolver: world.hosts, sourceIP: world.prefix + ".101", party: .client("Alice"), trace: world.trace)
        let response = try await fetcher.fetch(request, url: "http://ocsp.ca.test:\(ActorWorld.responderPort)/", method: .get,
                                               timeout: .seconds(2), connection: .next(),
                                               on: MultiThreadedEventLoopGroup.singleton.next()).get()
        #expect(response.maxAge == 3600)
        await responder.stop()
    }
}
